package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.interchange.Attendee;
import io.mailferry.service.engine.port.interchange.ContactItem;
import io.mailferry.service.engine.port.interchange.EventItem;
import io.mailferry.service.engine.port.interchange.ICalendar;
import io.mailferry.service.engine.port.interchange.TaskItem;
import io.mailferry.service.engine.port.interchange.TimeZones;
import io.mailferry.service.engine.port.interchange.VCard;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import microsoft.exchange.webservices.data.core.ExchangeService;
import microsoft.exchange.webservices.data.core.enumeration.property.BodyType;
import microsoft.exchange.webservices.data.core.enumeration.property.PhoneNumberKey;
import microsoft.exchange.webservices.data.core.enumeration.service.SendInvitationsMode;
import microsoft.exchange.webservices.data.core.enumeration.service.TaskStatus;
import microsoft.exchange.webservices.data.core.service.item.Appointment;
import microsoft.exchange.webservices.data.core.service.item.Contact;
import microsoft.exchange.webservices.data.core.service.item.Item;
import microsoft.exchange.webservices.data.core.service.item.Task;
import microsoft.exchange.webservices.data.property.complex.EmailAddress;
import microsoft.exchange.webservices.data.property.complex.FolderId;
import microsoft.exchange.webservices.data.property.complex.MessageBody;
import microsoft.exchange.webservices.data.property.complex.PhysicalAddressEntry;
import microsoft.exchange.webservices.data.property.complex.time.TimeZoneDefinition;

/**
 * Calendar items, contacts and tasks created from the neutral records with CreateItem
 * (learn.microsoft.com/exchange/client-developer/web-service-reference/createitem-operation-calendar-item,
 * createitem-operation-contact, createitem-operation-task), each with the engine's identity stamp (the same named
 * property as mail) so a crash or a lost ledger finds it. Events are saved with SendInvitationsMode SendToNone: a
 * migration never mails the attendees. The start and end time zone is the Windows name Exchange knows
 * ({@link TimeZones#windowsName}), UTC when the zone has none. The event's UID is Exchange's to give (the library
 * holds it read-only), so a copied event has a UID of its own; the stamp, not the UID, tells it apart.
 */
final class EwsPimWriter {
    private EwsPimWriter() {
    }

    /**
     * The neutral record of an item of {@code kind} from its iCalendar or vCard {@code bytes}.
     *
     * @throws IllegalArgumentException when the bytes are not such an item
     */
    static Record read(ItemKind kind, byte[] bytes) {
        return switch (kind) {
            case EVENT -> ICalendar.readEvent(bytes);
            case CONTACT -> VCard.read(bytes);
            case TASK -> ICalendar.readTask(bytes);
            default -> throw new IllegalArgumentException("not a calendar, contact or task item");
        };
    }

    /** Creates the item {@code record} ({@link #read}) in {@code folder}; its id. */
    static String create(ExchangeService service, FolderId folder, Record record, String stamp) throws Exception {
        Item item;
        if (record instanceof EventItem e) {
            item = event(service, e);
        } else if (record instanceof ContactItem c) {
            item = contact(service, c);
        } else if (record instanceof TaskItem t) {
            item = task(service, t);
        } else {
            throw new IllegalArgumentException("not a calendar, contact or task item");
        }
        if (stamp != null) {
            item.setExtendedProperty(EwsProperties.STAMP, stamp);
        }
        if (item instanceof Appointment a) {
            a.save(folder, SendInvitationsMode.SendToNone);
        } else {
            item.save(folder);
        }
        return item.getId().getUniqueId();
    }

    private static Appointment event(ExchangeService service, EventItem e) throws Exception {
        Appointment a = new Appointment(service);
        a.setSubject(e.subject() == null ? "" : e.subject());
        a.setStart(Date.from(e.start()));
        a.setEnd(Date.from(e.end() == null ? e.start() : e.end()));
        String windows = TimeZones.windowsName(e.timeZone());
        TimeZoneDefinition zone = new ZoneById();
        zone.setId(windows == null ? "UTC" : windows);
        a.setStartTimeZone(zone);
        a.setEndTimeZone(zone);
        a.setIsAllDayEvent(e.allDay());
        if (e.location() != null) {
            a.setLocation(e.location());
        }
        for (Attendee at : e.attendees()) {
            var list = switch (at.role()) {
                case OPTIONAL -> a.getOptionalAttendees();
                case RESOURCE -> a.getResources();
                default -> a.getRequiredAttendees();
            };
            list.add(new microsoft.exchange.webservices.data.property.complex.Attendee(at.name(), at.address()));
        }
        if (e.recurrence() != null) {
            ZoneId z = TimeZones.zone(e.timeZone());
            a.setRecurrence(EwsRecurrences.toEws(e.recurrence(), e.start().atZone(z == null ? ZoneOffset.UTC : z)
                    .toLocalDate()));
        }
        if (e.bodyHtml() != null) {
            a.setBody(new MessageBody(BodyType.HTML, e.bodyHtml()));
        } else if (e.body() != null) {
            a.setBody(new MessageBody(BodyType.Text, e.body()));
        }
        return a;
    }

    private static Contact contact(ExchangeService service, ContactItem c) throws Exception {
        Contact k = new Contact(service);
        if (c.displayName() != null) {
            k.setDisplayName(c.displayName());
        }
        set(c.name().given(), k::setGivenName);
        set(c.name().family(), k::setSurname);
        set(c.name().middle(), k::setMiddleName);
        set(c.name().suffix(), k::setGeneration);
        set(c.company(), k::setCompanyName);
        set(c.department(), k::setDepartment);
        set(c.jobTitle(), k::setJobTitle);
        for (ContactItem.Address a : c.addresses()) {
            PhysicalAddressEntry e = new PhysicalAddressEntry();
            set(a.street(), e::setStreet);
            set(a.city(), e::setCity);
            set(a.region(), e::setState);
            set(a.postalCode(), e::setPostalCode);
            set(a.country(), e::setCountryOrRegion);
            k.getPhysicalAddresses().setPhysicalAddress(EwsContactKeys.key(a.place()), e);
        }
        Set<PhoneNumberKey> taken = new HashSet<>();
        for (ContactItem.Phone p : c.phones()) {
            PhoneNumberKey key = EwsContactKeys.key(p.type(), taken);
            if (key != null) {
                taken.add(key);
                k.getPhoneNumbers().setPhoneNumber(key, p.number());
            }
        }
        for (int i = 0; i < Math.min(c.emails().size(), EwsContactKeys.EMAILS.length); i++) {
            k.getEmailAddresses().setEmailAddress(EwsContactKeys.EMAILS[i], new EmailAddress(c.emails().get(i)));
        }
        if (c.note() != null) {
            k.setBody(new MessageBody(BodyType.Text, c.note()));
        }
        return k;
    }

    private static Task task(ExchangeService service, TaskItem t) throws Exception {
        Task k = new Task(service);
        k.setSubject(t.subject() == null ? "" : t.subject());
        if (t.due() != null) {
            k.setDueDate(EwsRecurrences.date(t.due()));
        }
        k.setStatus(TaskStatus.values()[t.status().ordinal()]);
        if (t.body() != null) {
            k.setBody(new MessageBody(BodyType.Text, t.body()));
        }
        return k;
    }

    /**
     * A time zone named by its Windows id only, which Exchange resolves itself (StartTimeZone with just the Id
     * attribute, learn.microsoft.com/exchange/client-developer/exchange-web-services/time-zones-and-ews-in-exchange);
     * the library would insist on periods and transitions of its own.
     */
    private static final class ZoneById extends TimeZoneDefinition {
        @Override
        public void validate() {
            // the server resolves the id
        }
    }

    /** A setter of the library, which declares Exception. */
    @FunctionalInterface
    private interface Setter {
        void set(String value) throws Exception;
    }

    private static void set(String value, Setter setter) throws Exception {
        if (value != null && !value.isBlank()) {
            setter.set(value);
        }
    }
}
