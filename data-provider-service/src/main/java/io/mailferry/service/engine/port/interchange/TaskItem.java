package io.mailferry.service.engine.port.interchange;

import java.time.LocalDate;

/**
 * A task as Mailferry keeps it between connectors ({@link ICalendar} writes and reads it as a VTODO).
 *
 * @param uid     the task's global id, null when unknown
 * @param subject SUMMARY
 * @param due     DUE as a date (Exchange and To Do keep due dates, not times), null when none
 * @param status  STATUS, with Exchange's two statuses iCalendar lacks kept in X-MAILFERRY-TASK-STATUS
 * @param body    DESCRIPTION: the body as plain text, may be null
 */
public record TaskItem(String uid, String subject, LocalDate due, Status status, String body) {
    /** Exchange's and To Do's task statuses. */
    public enum Status { NOT_STARTED, IN_PROGRESS, COMPLETED, WAITING_ON_OTHERS, DEFERRED }

    public TaskItem {
        status = status == null ? Status.NOT_STARTED : status;
    }
}
