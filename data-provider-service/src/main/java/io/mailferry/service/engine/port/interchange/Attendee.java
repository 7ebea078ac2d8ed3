package io.mailferry.service.engine.port.interchange;

/**
 * One attendee of an event (iCalendar ATTENDEE): the address, the display name (may be null) and whether the
 * attendance is required, optional, or a resource (a room, a projector).
 */
public record Attendee(String address, String name, Role role) {
    public enum Role { REQUIRED, OPTIONAL, RESOURCE }

    public Attendee {
        role = role == null ? Role.REQUIRED : role;
    }
}
