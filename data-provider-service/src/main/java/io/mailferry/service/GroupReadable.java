package io.mailferry.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Widens a file the service wrote owner-only to its admin group: the installed service's {@code api-token} and
 * {@code service.url}, which the admins in that group need to reach it — nothing else of the data directory (not
 * {@code secret.key}, not the database). With POSIX permissions the file becomes 0640 for the data directory's group;
 * with Windows ACLs the group named by {@code MAILFERRY_ADMIN_GROUP} (default "Mailferry Admins", which
 * installer/windows/install-service.ps1 creates) gets one "allow read" entry.
 */
final class GroupReadable {
    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r-----");
    static final String DEFAULT_WINDOWS_GROUP = "Mailferry Admins";
    static final Set<AclEntryPermission> READ = EnumSet.of(AclEntryPermission.READ_DATA,
            AclEntryPermission.READ_ATTRIBUTES, AclEntryPermission.READ_NAMED_ATTRS, AclEntryPermission.READ_ACL,
            AclEntryPermission.SYNCHRONIZE);

    private GroupReadable() {
    }

    static void allow(Path file) {
        try {
            Set<String> views = file.getFileSystem().supportedFileAttributeViews();
            if (views.contains("posix")) {
                if (!MODE.equals(Files.getPosixFilePermissions(file))) {
                    Files.setPosixFilePermissions(file, MODE);
                }
            } else if (views.contains("acl")) {
                allowAcl(file, adminGroup());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make " + file + " readable by its group: " + e.getMessage(), e);
        }
    }

    private static String adminGroup() {
        String named = System.getenv("MAILFERRY_ADMIN_GROUP");
        return named == null || named.isBlank() ? DEFAULT_WINDOWS_GROUP : named.strip();
    }

    private static void allowAcl(Path file, String groupName) throws IOException {
        GroupPrincipal group;
        try {
            group = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName);
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("the admin group \"" + groupName + "\" does not exist (installer/windows/"
                    + "install-service.ps1 creates it; MAILFERRY_ADMIN_GROUP names another)", e);
        }
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        List<AclEntry> acl = view.getAcl();
        List<AclEntry> widened = withRead(acl, group);
        if (!widened.equals(acl)) {
            view.setAcl(widened);
        }
    }

    /** {@code acl} with one entry allowing {@code group} to read the file, unless one already does. */
    static List<AclEntry> withRead(List<AclEntry> acl, GroupPrincipal group) {
        AclEntry read = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(group).setPermissions(READ)
                .build();
        for (AclEntry e : acl) {
            if (e.type() == AclEntryType.ALLOW && e.principal().equals(group) && e.permissions().containsAll(READ)) {
                return acl;
            }
        }
        List<AclEntry> out = new ArrayList<>(acl);
        out.add(read);
        return out;
    }
}
