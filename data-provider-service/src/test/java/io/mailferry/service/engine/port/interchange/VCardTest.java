package io.mailferry.service.engine.port.interchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.interchange.ContactItem.Address;
import io.mailferry.service.engine.port.interchange.ContactItem.Phone;
import io.mailferry.service.engine.port.interchange.ContactItem.Place;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vCard 4.0 (RFC 6350) contacts: what is written, and that reading gives back every kept field. */
class VCardTest {
    static final ContactItem ANNA = new ContactItem("c-1", "Dr. Anna M. Müller",
            new ContactItem.Name("Müller", "Anna", "Maria", "Dr.", "PhD"), "Contoso; Ltd.", "Sales", "Head of sales",
            List.of(new Address(Place.WORK, "Bahnhofstrasse 1\nFloor 4", "Zürich", "ZH", "8001", "Switzerland"),
                    new Address(Place.HOME, "Seeweg 2", "Küsnacht", null, "8700", "Switzerland")),
            List.of(new Phone(Phone.Type.WORK, "+41 44 123 45 67"), new Phone(Phone.Type.MOBILE, "+41 79 123 45 67"),
                    new Phone(Phone.Type.HOME, "+41 44 765 43 21"), new Phone(Phone.Type.WORK_FAX, "+41 44 123 45 00")),
            List.of("anna@contoso.com", "anna.mueller@example.org"), "Met at the fair, 2025");

    @Test
    void contactShouldBeWrittenAsVCard4() {
        String vcf = new String(VCard.write(ANNA), StandardCharsets.UTF_8);

        assertThat(vcf).startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n").endsWith("END:VCARD\r\n")
                .contains("N:Müller;Anna;Maria;Dr.;PhD\r\n")
                .contains("ORG:Contoso\\; Ltd.;Sales\r\n")
                .contains("ADR;TYPE=work:;;Bahnhofstrasse 1\\nFloor 4;Zürich;ZH;8001;Switzerland\r\n")
                .contains("TEL;TYPE=\"work,voice\":+41 44 123 45 67\r\n")
                .contains("TEL;TYPE=cell:+41 79 123 45 67\r\n")
                .contains("EMAIL:anna@contoso.com\r\n")
                .contains("NOTE:Met at the fair\\, 2025\r\n");
    }

    @Test
    void contactShouldReadBackWithEveryKeptField() {
        assertThat(VCard.read(VCard.write(ANNA))).isEqualTo(ANNA);
    }

    @Test
    void aVCard3FromAnotherProgramShouldBeRead() {
        String vcf = "BEGIN:VCARD\nVERSION:3.0\nFN:Ben Brown\nN:Brown;Ben;;;\nORG:Fabrikam\n"
                + "item1.TEL;WORK;VOICE:+1 425 555 0100\nTEL;TYPE=CELL:tel:+1-425-555-0199\n"
                + "ADR;TYPE=HOME:;;1 Main St;Redmond;WA;98052;USA\nEND:VCARD\n";

        ContactItem c = VCard.read(vcf.getBytes(StandardCharsets.UTF_8));

        assertThat(c.name()).isEqualTo(new ContactItem.Name("Brown", "Ben", null, null, null));
        assertThat(c.company()).isEqualTo("Fabrikam");
        assertThat(c.department()).isNull();
        assertThat(c.phones()).containsExactly(new Phone(Phone.Type.WORK, "+1 425 555 0100"),
                new Phone(Phone.Type.MOBILE, "+1-425-555-0199"));
        assertThat(c.addresses()).containsExactly(new Address(Place.HOME, "1 Main St", "Redmond", "WA", "98052",
                "USA"));
    }
}
