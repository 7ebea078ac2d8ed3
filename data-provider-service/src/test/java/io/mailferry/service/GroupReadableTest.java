package io.mailferry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the installed service widens for its admin group: POSIX mode here, the Windows ACL entry as a pure function. */
class GroupReadableTest {
    @TempDir
    Path dir;

    private record Group(String getName) implements GroupPrincipal { }

    private static final Group ADMINS = new Group("Mailferry Admins");
    private static final Group SERVICE = new Group("LOCAL SERVICE");

    @Test
    void anOwnerOnlyFileShouldBecomeReadableByTheGroupOnly() throws IOException {
        Path token = Files.writeString(dir.resolve("api-token"), "t");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));

        GroupReadable.allow(token);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-r-----");
    }

    @Test
    void theAdminGroupShouldGetOneReadEntryAndNothingElseShouldChange() {
        AclEntry owner = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(SERVICE)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();

        List<AclEntry> widened = GroupReadable.withRead(List.of(owner), ADMINS);

        assertThat(widened).hasSize(2).startsWith(owner);
        AclEntry added = widened.get(1);
        assertThat(added.principal()).isEqualTo(ADMINS);
        assertThat(added.type()).isEqualTo(AclEntryType.ALLOW);
        assertThat(added.permissions()).contains(AclEntryPermission.READ_DATA)
                .doesNotContain(AclEntryPermission.WRITE_DATA, AclEntryPermission.APPEND_DATA,
                        AclEntryPermission.DELETE, AclEntryPermission.WRITE_ACL, AclEntryPermission.WRITE_OWNER);
        assertThat(GroupReadable.withRead(widened, ADMINS)).as("a second start adds no second entry")
                .isSameAs(widened);
    }

    @Test
    void aDenyOrAnotherGroupsEntryShouldNotCountAsTheGroupsRead() {
        AclEntry deny = AclEntry.newBuilder().setType(AclEntryType.DENY).setPrincipal(ADMINS)
                .setPermissions(GroupReadable.READ).build();
        AclEntry other = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(SERVICE)
                .setPermissions(GroupReadable.READ).build();

        assertThat(GroupReadable.withRead(List.of(deny, other), ADMINS)).hasSize(3);
    }
}
