package io.mailferry.service.connector.graph.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write side of the double, as Exchange Online answers Graph: folders created by display name (a sibling of the
 * same name, compared case-insensitively, is 409 ErrorFolderExists), messages created from JSON (stored as the MIME
 * Exchange would render from the JSON, so {@code $value} and listings read them like delivered mail), PATCH of a
 * message's state, and {@code $filter} on a single-value extended property. A message created without
 * PidTagMessageFlags (0x0E07) is a draft, as Exchange files it (MICROSOFT.md §1.3); with it, the read bit is taken from
 * the flags and mfUnsent decides draft. Guarded by the double's lock.
 */
final class DoubleWrites {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern STAMP_FILTER = Pattern.compile("(?i)singleValueExtendedProperties/Any\\(\\s*(\\w+)\\s*:"
            + "\\s*\\1/id\\s+eq\\s+'((?:[^']|'')*)'\\s+and\\s+\\1/value\\s+eq\\s+'((?:[^']|'')*)'\\s*\\)");

    private static final Pattern MESSAGE_ID_FILTER =
            Pattern.compile("(?i)internetMessageId\\s+eq\\s+'((?:[^']|'')*)'");

    private final GraphDouble d;

    DoubleWrites(GraphDouble d) {
        this.d = d;
    }

    /**
     * learn.microsoft.com/graph/api/user-post-mailfolders and mailfolder-post-childfolders: {"displayName", "isHidden"}
     * → 201 Created with the mailFolder; a sibling of that name → 409 ErrorFolderExists.
     */
    GraphDouble.Reply createFolder(DoubleMailbox box, DoubleMailbox.Folder parent, byte[] body) {
        JsonNode req = read(body);
        String name = req == null ? "" : req.path("displayName").asText("").trim();
        if (name.isEmpty()) {
            return GraphDouble.error(400, "ErrorInvalidParameter", "The value of the parameter 'DisplayName' is empty.");
        }
        for (DoubleMailbox.Folder c : box.children(parent.id, true)) {
            if (c.displayName.equalsIgnoreCase(name)) {
                return GraphDouble.error(409, "ErrorFolderExists", "A folder with the specified name already exists.");
            }
        }
        DoubleMailbox.Folder f = new DoubleMailbox.Folder(d.folderId(), parent.id, name,
                req.path("isHidden").asBoolean(false));
        box.folders.put(f.id, f);
        return GraphDouble.json(201, d.folderJson(box, f, null));
    }

    /**
     * learn.microsoft.com/graph/api/mailfolder-post-messages (the message resource as JSON, with
     * singleValueExtendedProperties set at creation, learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-post-
     * singlevalueextendedproperties) → 201 Created with the message. A body over {@code limit} → 413 (Graph takes about
     * 4 MB per request); unreadable JSON → 400 RequestBodyRead; a bad property id → 400 ErrorInvalidProperty; a custom
     * header not starting with "x-" → 400 InvalidInternetMessageHeader; an address that is none → 400
     * ErrorInvalidRecipients.
     */
    GraphDouble.Reply createMessage(DoubleMailbox box, DoubleMailbox.Folder f, byte[] body, long limit) {
        if (body.length > limit) {
            return GraphDouble.error(413, "RequestEntityTooLarge", "The request is larger than the maximum of "
                    + limit + " bytes.");
        }
        JsonNode req = read(body);
        if (req == null || !req.isObject()) {
            return GraphDouble.error(400, "RequestBodyRead", "Cannot read the request body.");
        }
        for (JsonNode p : req.path("singleValueExtendedProperties")) {
            if (!PropertyIds.valid(p.path("id").asText(""))) {
                return GraphDouble.error(400, "ErrorInvalidProperty", "The extended property id '"
                        + p.path("id").asText("") + "' is not valid.");
            }
        }
        for (JsonNode h : req.path("internetMessageHeaders")) {
            if (!h.path("name").asText("").toLowerCase(Locale.ROOT).startsWith("x-")) {
                return GraphDouble.error(400, "InvalidInternetMessageHeader", "The internet message header name '"
                        + h.path("name").asText("") + "' should start with 'x-' or 'X-'.");
            }
        }
        for (String field : List.of("from", "sender")) {
            if (req.has(field) && !validAddress(req.path(field))) {
                return GraphDouble.error(400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
            }
        }
        for (String field : List.of("toRecipients", "ccRecipients", "bccRecipients", "replyTo")) {
            for (JsonNode r : req.path(field)) {
                if (!validAddress(r)) {
                    return GraphDouble.error(400, "ErrorInvalidRecipients", "At least one recipient isn't valid.");
                }
            }
        }
        byte[] raw;
        try {
            raw = mime(req);
        } catch (MessagingException | IOException | IllegalArgumentException e) {
            return GraphDouble.error(400, "ErrorInvalidRequest", "The message cannot be created: " + e.getMessage());
        }
        String delivery = property(req, "SystemTime 0x0E06");
        Instant received = delivery != null ? instant(delivery) : d.tick();
        long at = d.nextSeq();
        DoubleMessage m = new DoubleMessage(d.messageId(), f.id, raw, received, at);
        m.changed = at;
        String flags = property(req, "Integer 0x0E07");
        int bits = flags == null ? 0 : Integer.parseInt(flags.trim());
        m.draft = flags == null || (bits & 0x8) != 0;
        m.read = req.has("isRead") ? req.path("isRead").asBoolean() : (bits & 0x1) != 0;
        for (JsonNode p : req.path("singleValueExtendedProperties")) {
            String id = p.path("id").asText();
            m.props.put(PropertyIds.key(id), new String[] {PropertyIds.spelled(id), p.path("value").asText()});
        }
        applyState(m, req);
        m.bodyType = req.path("body").path("contentType").asText("text").toLowerCase(Locale.ROOT);
        for (JsonNode a : req.path("attachments")) {
            m.attachments.add(new String[] {a.path("name").asText(), a.path("contentType").asText()});
        }
        for (JsonNode h : req.path("internetMessageHeaders")) {
            m.customHeaders.add(new String[] {h.path("name").asText(), h.path("value").asText()});
        }
        box.messages.put(m.id, m);
        return GraphDouble.json(201, m.json(d, null, null));
    }

    /**
     * learn.microsoft.com/graph/api/message-update: isRead, flag, categories and singleValueExtendedProperties change on
     * any message; subject, body and internetMessageId only on a draft (else 400). PidTagMessageFlags is read-only after
     * the first save except for its read bit. → 200 with the message.
     */
    GraphDouble.Reply patch(DoubleMessage m, byte[] body) {
        JsonNode req = read(body);
        if (req == null || !req.isObject()) {
            return GraphDouble.error(400, "RequestBodyRead", "Cannot read the request body.");
        }
        if (!m.draft && (req.has("subject") || req.has("body") || req.has("internetMessageId"))) {
            return GraphDouble.error(400, "ErrorInvalidPropertyUpdateSentMessage",
                    "Update operation is invalid for property of a sent message.");
        }
        for (JsonNode p : req.path("singleValueExtendedProperties")) {
            String id = p.path("id").asText("");
            if (!PropertyIds.valid(id)) {
                return GraphDouble.error(400, "ErrorInvalidProperty", "The extended property id '" + id
                        + "' is not valid.");
            }
            if (PropertyIds.key(id).equals("integer 0xe07")) {
                m.read = (Integer.parseInt(p.path("value").asText("0").trim()) & 0x1) != 0;
                continue;
            }
            m.props.put(PropertyIds.key(id), new String[] {PropertyIds.spelled(id), p.path("value").asText()});
        }
        if (req.has("isRead")) {
            m.read = req.path("isRead").asBoolean();
        }
        applyState(m, req);
        m.changed = d.nextSeq();
        return GraphDouble.json(200, m.json(d, null, null));
    }

    private static void applyState(DoubleMessage m, JsonNode req) {
        if (req.has("flag")) {
            m.flagStatus = req.path("flag").path("flagStatus").asText("notFlagged");
        }
        if (req.has("categories")) {
            m.categories = new LinkedHashSet<>();
            req.path("categories").forEach(c -> m.categories.add(c.asText()));
        }
        String verb = property(req, "Integer 0x1081");
        if (verb != null) {
            m.lastVerb = Integer.parseInt(verb.trim());
            m.props.remove("integer 0x1081");
        }
    }

    /**
     * learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get ("Get resource instances using a filter"):
     * {@code singleValueExtendedProperties/Any(ep: ep/id eq '{id}' and ep/value eq '{value}')}; and
     * {@code internetMessageId eq '<id>'}. Null for a filter the double does not know (the caller answers 400).
     */
    static List<DoubleMessage> filter(List<DoubleMessage> all, String filter) {
        if (filter == null) {
            return all;
        }
        Matcher byId = MESSAGE_ID_FILTER.matcher(filter.trim());
        if (byId.matches()) {
            // internetMessageId eq '<id>' (MICROSOFT.md §1.6: widely used; Exchange compares it exactly)
            String wanted = byId.group(1).replace("''", "'");
            return all.stream().filter(m -> wanted.equals(m.internetMessageId)).toList();
        }
        Matcher f = STAMP_FILTER.matcher(filter.trim());
        if (!f.matches()) {
            return null;
        }
        String key = PropertyIds.key(f.group(2).replace("''", "'"));
        String value = f.group(3).replace("''", "'");
        List<DoubleMessage> out = new ArrayList<>();
        for (DoubleMessage m : all) {
            String[] p = m.property(key);
            if (p != null && p[1].equals(value)) {
                out.add(m);
            }
        }
        return out;
    }

    private static String property(JsonNode req, String id) {
        String key = PropertyIds.key(id);
        for (JsonNode p : req.path("singleValueExtendedProperties")) {
            if (PropertyIds.key(p.path("id").asText("")).equals(key)) {
                return p.path("value").asText();
            }
        }
        return null;
    }

    private static boolean validAddress(JsonNode recipient) {
        return ADDRESS.matcher(recipient.path("emailAddress").path("address").asText("")).matches();
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a SystemTime: " + s);
        }
    }

    private static JsonNode read(byte[] body) {
        try {
            return GraphDouble.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The MIME Exchange renders from the JSON: the header fields, the body, the attachments, the x- headers. */
    private static byte[] mime(JsonNode req) throws MessagingException, IOException {
        MimeMessage mm = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        if (req.has("subject")) {
            mm.setSubject(req.path("subject").asText(), "UTF-8");
        }
        if (req.has("from")) {
            mm.setFrom(address(req.path("from")));
        }
        mm.setRecipients(jakarta.mail.Message.RecipientType.TO, addresses(req.path("toRecipients")));
        mm.setRecipients(jakarta.mail.Message.RecipientType.CC, addresses(req.path("ccRecipients")));
        if (req.hasNonNull("internetMessageId")) {
            mm.setHeader("Message-ID", req.path("internetMessageId").asText());
        }
        String sent = property(req, "SystemTime 0x0039");
        if (sent != null) {
            mm.setSentDate(Date.from(instant(sent)));
        }
        for (JsonNode h : req.path("internetMessageHeaders")) {
            mm.addHeader(h.path("name").asText(), h.path("value").asText());
        }
        String type = req.path("body").path("contentType").asText("text").equalsIgnoreCase("html") ? "html" : "plain";
        String content = req.path("body").path("content").asText("");
        if (req.path("attachments").isEmpty()) {
            mm.setText(content, "UTF-8", type);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(content, "UTF-8", type);
            mixed.addBodyPart(text);
            for (JsonNode a : req.path("attachments")) {
                MimeBodyPart p = new MimeBodyPart();
                byte[] bytes = Base64.getDecoder().decode(a.path("contentBytes").asText(""));
                p.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes,
                        a.path("contentType").asText("application/octet-stream"))));
                p.setFileName(a.path("name").asText("attachment"));
                boolean inline = a.path("isInline").asBoolean(false);
                p.setDisposition(inline ? Part.INLINE : Part.ATTACHMENT);
                if (a.hasNonNull("contentId")) {
                    p.setContentID("<" + a.path("contentId").asText() + ">");
                }
                mixed.addBodyPart(p);
            }
            mm.setContent(mixed);
        }
        mm.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mm.writeTo(out);
        return out.toByteArray();
    }

    private static InternetAddress address(JsonNode r) throws UnsupportedEncodingException {
        JsonNode a = r.path("emailAddress");
        String name = a.path("name").asText(null);
        return new InternetAddress(a.path("address").asText(), name, "UTF-8");
    }

    private static InternetAddress[] addresses(JsonNode list) throws UnsupportedEncodingException {
        List<InternetAddress> out = new ArrayList<>();
        for (JsonNode r : list) {
            out.add(address(r));
        }
        return out.isEmpty() ? null : out.toArray(new InternetAddress[0]);
    }
}
