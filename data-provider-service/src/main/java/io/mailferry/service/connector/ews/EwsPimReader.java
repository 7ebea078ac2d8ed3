package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.interchange.Attendee;
import io.mailferry.service.engine.port.interchange.ContactItem;
import io.mailferry.service.engine.port.interchange.EventItem;
import io.mailferry.service.engine.port.interchange.ICalendar;
import io.mailferry.service.engine.port.interchange.TaskItem;
import io.mailferry.service.engine.port.interchange.VCard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.BasePropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.BodyType;
import microsoft.exchange.webservices.data.core.enumeration.property.EmailAddressKey;
import microsoft.exchange.webservices.data.core.enumeration.property.PhysicalAddressKey;
import microsoft.exchange.webservices.data.core.service.item.Appointment;
import microsoft.exchange.webservices.data.core.service.item.Contact;
import microsoft.exchange.webservices.data.core.service.item.Item;
import microsoft.exchange.webservices.data.core.service.item.Task;
import microsoft.exchange.webservices.data.core.service.schema.AppointmentSchema;
import microsoft.exchange.webservices.data.core.service.schema.ContactSchema;
import microsoft.exchange.webservices.data.core.service.schema.ItemSchema;
import microsoft.exchange.webservices.data.core.service.schema.TaskSchema;
import microsoft.exchange.webservices.data.property.complex.AttendeeCollection;
import microsoft.exchange.webservices.data.property.complex.EmailAddress;
import microsoft.exchange.webservices.data.property.complex.MessageBody;
import microsoft.exchange.webservices.data.property.complex.PhysicalAddressEntry;
import microsoft.exchange.webservices.data.property.complex.time.TimeZoneDefinition;

/**
 * Calendar items, contacts and tasks as GetItem returns them (learn.microsoft.com/exchange/client-developer/
 * web-service-reference/getitem-operation-calendar-item, getitem-operation-contact, getitem-operation-task), turned
 * into the neutral records and written as iCalendar or vCard bytes. The fields read are those the records keep:
 * events' subject, start, end, start time zone (a Windows name), all-day, recurrence, location, required and optional
 * attendees and resources, body and UID; contacts' names, company, department, job title, physical addresses, phone
 * numbers, e-mail addresses and notes (the body); tasks' subject, due date, status and body.
 */
final class EwsPimReader {
    static final PropertySet EVENT = set(ItemSchema.ItemClass, ItemSchema.Subject, ItemSchema.Body,
            AppointmentSchema.Start, AppointmentSchema.End, AppointmentSchema.StartTimeZone,
            AppointmentSchema.IsAllDayEvent, AppointmentSchema.Recurrence, AppointmentSchema.Location,
            AppointmentSchema.RequiredAttendees, AppointmentSchema.OptionalAttendees, AppointmentSchema.Resources,
            AppointmentSchema.ICalUid);
    static final PropertySet CONTACT = set(ItemSchema.ItemClass, ItemSchema.Body, ContactSchema.DisplayName,
            ContactSchema.GivenName, ContactSchema.Surname, ContactSchema.MiddleName, ContactSchema.Generation,
            ContactSchema.CompanyName, ContactSchema.Department, ContactSchema.JobTitle,
            ContactSchema.PhysicalAddresses, ContactSchema.PhoneNumbers, ContactSchema.EmailAddresses);
    static final PropertySet TASK = set(ItemSchema.ItemClass, ItemSchema.Subject, ItemSchema.Body,
            TaskSchema.DueDate, TaskSchema.Status);

    private EwsPimReader() {
    }

    private static PropertySet set(microsoft.exchange.webservices.data.property.definition.PropertyDefinitionBase...
            fields) {
        return new PropertySet(BasePropertySet.IdOnly, fields);
    }

    /** What GetItem asks for to read an item of {@code kind} (not a message). */
    static PropertySet fields(ItemKind kind) {
        return switch (kind) {
            case EVENT -> EVENT;
            case CONTACT -> CONTACT;
            default -> TASK;
        };
    }

    /** The item's iCalendar or vCard bytes; null when the item is not of the kind it was listed as. */
    static byte[] bytes(Item item) throws Exception {
        if (item instanceof Appointment a) {
            return ICalendar.write(event(a));
        }
        if (item instanceof Contact c) {
            return VCard.write(contact(c));
        }
        if (item instanceof Task t) {
            return ICalendar.write(task(t));
        }
        return null;
    }

    static EventItem event(Appointment a) throws Exception {
        TimeZoneDefinition zone = EwsItems.safe(a::getStartTimeZone);
        String zoneName = zone == null ? null : zone.getId();
        Boolean allDay = EwsItems.safe(a::getIsAllDayEvent);
        List<Attendee> attendees = new ArrayList<>();
        attendees(EwsItems.safe(a::getRequiredAttendees), Attendee.Role.REQUIRED, attendees);
        attendees(EwsItems.safe(a::getOptionalAttendees), Attendee.Role.OPTIONAL, attendees);
        attendees(EwsItems.safe(a::getResources), Attendee.Role.RESOURCE, attendees);
        MessageBody body = EwsItems.safe(a::getBody);
        boolean html = body != null && body.getBodyType() == BodyType.HTML;
        String text = body == null ? null : blankToNull(body.toString());
        return new EventItem(EwsItems.safe(a::getICalUid), EwsItems.safe(a::getSubject),
                instant(EwsItems.safe(a::getStart)), instant(EwsItems.safe(a::getEnd)),
                "UTC".equalsIgnoreCase(zoneName) ? null : zoneName, Boolean.TRUE.equals(allDay),
                EwsRecurrences.toNeutral(EwsItems.safe(a::getRecurrence)), EwsItems.safe(a::getLocation), null,
                attendees, html && text != null ? text.replaceAll("<[^>]*>", "").strip() : text, html ? text : null);
    }

    private static void attendees(AttendeeCollection list, Attendee.Role role, List<Attendee> out) {
        if (list == null) {
            return;
        }
        for (microsoft.exchange.webservices.data.property.complex.Attendee a : list) {
            out.add(new Attendee(a.getAddress(), a.getName(), role));
        }
    }

    static ContactItem contact(Contact c) throws Exception {
        List<ContactItem.Address> addresses = new ArrayList<>();
        var physical = EwsItems.safe(c::getPhysicalAddresses);
        for (PhysicalAddressKey key : PhysicalAddressKey.values()) {
            PhysicalAddressEntry e = physical == null ? null : EwsItems.safe(() -> physical.getPhysicalAddress(key));
            if (e != null) {
                addresses.add(new ContactItem.Address(EwsContactKeys.place(key), EwsItems.safe(e::getStreet),
                        EwsItems.safe(e::getCity), EwsItems.safe(e::getState), e.getPostalCode(),
                        EwsItems.safe(e::getCountryOrRegion)));
            }
        }
        List<ContactItem.Phone> phones = new ArrayList<>();
        var numbers = EwsItems.safe(c::getPhoneNumbers);
        for (var key : EwsContactKeys.PHONES.keySet()) {
            String n = numbers == null ? null : EwsItems.safe(() -> numbers.getPhoneNumber(key));
            if (n != null && !n.isBlank()) {
                phones.add(new ContactItem.Phone(EwsContactKeys.PHONES.get(key), n));
            }
        }
        List<String> emails = new ArrayList<>();
        var addresses2 = EwsItems.safe(c::getEmailAddresses);
        for (EmailAddressKey key : EwsContactKeys.EMAILS) {
            EmailAddress e = addresses2 == null ? null : EwsItems.safe(() -> addresses2.getEmailAddress(key));
            if (e != null && e.getAddress() != null && !e.getAddress().isBlank()) {
                emails.add(e.getAddress());
            }
        }
        MessageBody body = EwsItems.safe(c::getBody);
        return new ContactItem(null, EwsItems.safe(c::getDisplayName), new ContactItem.Name(
                EwsItems.safe(c::getSurname), EwsItems.safe(c::getGivenName), EwsItems.safe(c::getMiddleName), null,
                EwsItems.safe(c::getGeneration)), EwsItems.safe(c::getCompanyName), EwsItems.safe(c::getDepartment),
                EwsItems.safe(c::getJobTitle), addresses, phones, emails,
                body == null ? null : blankToNull(body.toString()));
    }

    static TaskItem task(Task t) throws Exception {
        Date due = EwsItems.safe(t::getDueDate);
        var status = EwsItems.safe(t::getStatus);
        MessageBody body = EwsItems.safe(t::getBody);
        return new TaskItem(null, EwsItems.safe(t::getSubject), due == null ? null : EwsRecurrences.date(due),
                status == null ? null : TaskItem.Status.values()[status.ordinal()],
                body == null ? null : blankToNull(body.toString()));
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
