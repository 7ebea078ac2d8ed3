package io.mailferry.service.engine.port.interchange;

import java.util.List;

/**
 * A contact as Mailferry keeps it between connectors ({@link VCard} writes and reads it as a vCard 4.0).
 *
 * @param uid         the contact's global id, null when unknown
 * @param displayName FN
 * @param name        N: family, given and middle names, prefix and suffix
 * @param company     ORG's first component
 * @param department  ORG's second component, may be null
 * @param jobTitle    TITLE, may be null
 * @param addresses   ADRs, in order
 * @param phones      TELs, in order
 * @param emails      EMAILs, in order
 * @param note        NOTE: the body as plain text, may be null
 */
public record ContactItem(String uid, String displayName, Name name, String company, String department,
        String jobTitle, List<Address> addresses, List<Phone> phones, List<String> emails, String note) {
    public ContactItem {
        name = name == null ? new Name(null, null, null, null, null) : name;
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        phones = phones == null ? List.of() : List.copyOf(phones);
        emails = emails == null ? List.of() : List.copyOf(emails);
    }

    /** The parts of a person's name; each may be null. */
    public record Name(String family, String given, String middle, String prefix, String suffix) {
    }

    /** Where an address or a phone number belongs. */
    public enum Place { WORK, HOME, OTHER }

    /** A postal address; each part may be null. */
    public record Address(Place place, String street, String city, String region, String postalCode,
            String country) {
        public Address {
            place = place == null ? Place.OTHER : place;
        }
    }

    /** A phone number and what it is. */
    public record Phone(Type type, String number) {
        public enum Type { WORK, HOME, MOBILE, WORK_FAX, HOME_FAX, OTHER }

        public Phone {
            type = type == null ? Type.OTHER : type;
        }
    }
}
