/**
 * The standard interchange forms in which non-mail items travel between connectors as their content bytes: events
 * and tasks as iCalendar (RFC 5545 VEVENT, VTODO, with VTIMEZONE), contacts as vCard 4.0 (RFC 6350), read into and
 * written from small neutral records. Covers exactly the properties Mailferry keeps (ADR 0026); the engine never reads
 * them, connectors translate their protocol's items to and from these. Imports the JDK only.
 */
package io.mailferry.service.engine.port.interchange;
