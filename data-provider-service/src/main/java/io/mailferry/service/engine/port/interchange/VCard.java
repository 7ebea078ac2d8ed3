package io.mailferry.service.engine.port.interchange;

import io.mailferry.service.engine.port.interchange.ContactItem.Address;
import io.mailferry.service.engine.port.interchange.ContactItem.Phone;
import io.mailferry.service.engine.port.interchange.ContactItem.Place;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes and reads the vCard 4.0 form (RFC 6350) of contacts: UID, FN, N, ORG, TITLE, ADR, TEL, EMAIL and NOTE, in
 * UTF-8 with CRLF lines folded at 75 octets. Address and phone types travel as TYPE parameters ("work", "home",
 * "cell", "fax"). Reads vCard 3.0 too for these properties. Stateless and thread-safe.
 */
public final class VCard {
    /** The media type of the bytes. */
    public static final String MEDIA_TYPE = "text/vcard";

    private VCard() {
    }

    public static byte[] write(ContactItem c) {
        StringBuilder out = new StringBuilder(512);
        ContentLines.add(out, "BEGIN", "VCARD");
        ContentLines.add(out, "VERSION", "4.0");
        ContentLines.text(out, "UID", c.uid());
        ContentLines.add(out, "FN", ContentLines.escape(c.displayName() == null ? "" : c.displayName()));
        ContactItem.Name n = c.name();
        ContentLines.add(out, "N", ContentLines.structured(n.family(), n.given(), n.middle(), n.prefix(), n.suffix()));
        if (c.company() != null || c.department() != null) {
            ContentLines.add(out, "ORG", c.department() == null ? ContentLines.structured(c.company())
                    : ContentLines.structured(c.company(), c.department()));
        }
        ContentLines.text(out, "TITLE", c.jobTitle());
        for (Address a : c.addresses()) {
            ContentLines.add(out, "ADR", ContentLines.structured("", "", a.street(), a.city(), a.region(),
                    a.postalCode(), a.country()), "TYPE", a.place() == Place.OTHER ? null
                    : a.place().name().toLowerCase(Locale.ROOT));
        }
        for (Phone p : c.phones()) {
            ContentLines.add(out, "TEL", ContentLines.escape(p.number()), "TYPE", switch (p.type()) {
                case WORK -> "work,voice";
                case HOME -> "home,voice";
                case MOBILE -> "cell";
                case WORK_FAX -> "work,fax";
                case HOME_FAX -> "home,fax";
                case OTHER -> null;
            });
        }
        for (String e : c.emails()) {
            ContentLines.add(out, "EMAIL", ContentLines.escape(e));
        }
        ContentLines.text(out, "NOTE", c.note());
        ContentLines.add(out, "END", "VCARD");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the first vCard of {@code bytes}. Throws {@link IllegalArgumentException} when there is none. */
    public static ContactItem read(byte[] bytes) {
        String uid = null;
        String fn = null;
        ContactItem.Name name = null;
        String company = null;
        String department = null;
        String title = null;
        String note = null;
        List<Address> addresses = new ArrayList<>();
        List<Phone> phones = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        boolean inside = false;
        for (ContentLines.Line l : ContentLines.unfold(new String(bytes, StandardCharsets.UTF_8))) {
            if (l.name().equals("BEGIN") && l.value().strip().equalsIgnoreCase("VCARD")) {
                inside = true;
                continue;
            }
            if (!inside) {
                continue;
            }
            if (l.name().equals("END")) {
                break;
            }
            switch (l.name()) {
                case "UID" -> uid = ContentLines.unescape(l.value());
                case "FN" -> fn = ContentLines.unescape(l.value());
                case "N" -> {
                    List<String> p = padded(ContentLines.components(l.value(), ';'), 5);
                    name = new ContactItem.Name(blankNull(p.get(0)), blankNull(p.get(1)), blankNull(p.get(2)),
                            blankNull(p.get(3)), blankNull(p.get(4)));
                }
                case "ORG" -> {
                    List<String> p = ContentLines.components(l.value(), ';');
                    company = blankNull(p.get(0));
                    department = p.size() > 1 ? blankNull(p.get(1)) : null;
                }
                case "TITLE" -> title = ContentLines.unescape(l.value());
                case "NOTE" -> note = ContentLines.unescape(l.value());
                case "ADR" -> {
                    List<String> p = padded(ContentLines.components(l.value(), ';'), 7);
                    addresses.add(new Address(place(types(l)), blankNull(p.get(2)), blankNull(p.get(3)),
                            blankNull(p.get(4)), blankNull(p.get(5)), blankNull(p.get(6))));
                }
                case "TEL" -> phones.add(new Phone(phoneType(types(l)), telValue(l.value())));
                case "EMAIL" -> emails.add(ContentLines.unescape(l.value()).strip());
                default -> {
                    // properties Mailferry does not keep
                }
            }
        }
        if (!inside) {
            throw new IllegalArgumentException("no vCard in the contact data");
        }
        return new ContactItem(uid, fn, name, company, department, title, addresses, phones, emails, note);
    }

    private static String telValue(String v) {
        String s = ContentLines.unescape(v).strip();
        return s.regionMatches(true, 0, "tel:", 0, 4) ? s.substring(4) : s;
    }

    /** The TYPE parameter's values in lower case (vCard 3.0 may give them bare: "TEL;WORK;VOICE:"). */
    private static List<String> types(ContentLines.Line l) {
        List<String> out = new ArrayList<>();
        l.params().forEach((k, v) -> {
            if (k.equals("TYPE")) {
                for (String t : v.split(",")) {
                    out.add(t.strip().toLowerCase(Locale.ROOT));
                }
            } else if (v.isEmpty()) {
                out.add(k.toLowerCase(Locale.ROOT));
            }
        });
        return out;
    }

    private static Place place(List<String> types) {
        return types.contains("work") ? Place.WORK : types.contains("home") ? Place.HOME : Place.OTHER;
    }

    private static Phone.Type phoneType(List<String> types) {
        boolean fax = types.contains("fax");
        if (types.contains("cell")) {
            return Phone.Type.MOBILE;
        }
        if (types.contains("work")) {
            return fax ? Phone.Type.WORK_FAX : Phone.Type.WORK;
        }
        if (types.contains("home")) {
            return fax ? Phone.Type.HOME_FAX : Phone.Type.HOME;
        }
        return Phone.Type.OTHER;
    }

    private static List<String> padded(List<String> parts, int size) {
        List<String> p = new ArrayList<>(parts);
        while (p.size() < size) {
            p.add("");
        }
        return p;
    }

    private static String blankNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
