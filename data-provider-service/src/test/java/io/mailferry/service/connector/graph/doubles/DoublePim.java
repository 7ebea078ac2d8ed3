package io.mailferry.service.connector.graph.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.service.connector.graph.doubles.GraphDouble.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calendars, contact folders and To Do lists of the double's users, stateful, in the shapes Microsoft documents:
 * learn.microsoft.com/graph/api/user-list-calendars and user-post-calendars (a new mailbox has its default
 * "Calendar", isDefaultCalendar true; a second calendar of the same name is 409 ErrorFolderExists),
 * calendar-list-events and calendar-post-events (201 with the event and its id), user-list-contactfolders and
 * user-post-contactfolders (the default Contacts folder is not listed there; its contacts are at /contacts,
 * user-post-contacts), contactfolder-post-contacts, todo-list-lists and todo-post-lists (a new mailbox has "Tasks",
 * wellknownListName defaultList, and "Flagged email", flaggedEmails), todotasklist-post-tasks (linkedResources created
 * with the task, listed with {@code $expand=linkedResources}: todotask-list-linkedresources), event-delete,
 * contact-delete, todotask-delete. Extended properties are returned only when {@code $expand}ed with a filter on
 * their id, and {@code $filter} on one finds items by it (singlevaluelegacyextendedproperty-get). Each item is kept as
 * the JSON it was created from, with its id. Needs Calendars.ReadWrite, Contacts.ReadWrite or Tasks.ReadWrite.All.
 * Guarded by the double's lock.
 */
public final class DoublePim {
    private static final Pattern STAMP_FILTER = Pattern.compile("(?i)singleValueExtendedProperties/Any\\(\\s*(\\w+)\\s*:"
            + "\\s*\\1/id\\s+eq\\s+'((?:[^']|'')*)'\\s+and\\s+\\1/value\\s+eq\\s+'((?:[^']|'')*)'\\s*\\)");
    private static final Pattern EXPAND_ID = Pattern.compile("(?i)id eq '((?:[^']|'')*)'");

    /** A calendar, contact folder or To Do list and its items by id, in creation order. */
    private static final class Container {
        final String id;
        final String name;
        final String wellKnown;
        final Map<String, ObjectNode> items = new LinkedHashMap<>();

        Container(String id, String name, String wellKnown) {
            this.id = id;
            this.name = name;
            this.wellKnown = wellKnown;
        }
    }

    /** One user's three kinds of containers. */
    private static final class Store {
        final Map<String, Container> calendars = new LinkedHashMap<>();
        final Map<String, Container> contactFolders = new LinkedHashMap<>();
        final Container defaultContacts;
        final Map<String, Container> lists = new LinkedHashMap<>();

        Store(DoublePim pim) {
            Container cal = new Container(pim.id("AAMkCal"), "Calendar", "default");
            calendars.put(cal.id, cal);
            defaultContacts = new Container(pim.id("AAMkCon"), "Contacts", "default");
            Container tasks = new Container(pim.id("AAMkTodo"), "Tasks", "defaultList");
            lists.put(tasks.id, tasks);
            Container flagged = new Container(pim.id("AAMkTodo"), "Flagged email", "flaggedEmails");
            lists.put(flagged.id, flagged);
        }
    }

    private final Map<String, Store> stores = new LinkedHashMap<>();
    private int next = 1;

    private String id(String prefix) {
        return prefix + "-" + (next++);
    }

    private Store store(String userId) {
        return stores.computeIfAbsent(userId, u -> new Store(this));
    }

    /**
     * Handles {@code rest} (the path after /users/{id}) when it is one of these resources; null when it is not.
     *
     * @param link builds a next link from a path and its parameters
     */
    Reply route(String userId, String method, String path, List<String> rest, Map<String, String> q, byte[] body,
            Predicate<String> denied, BiFunction<String, Map<String, String>, String> link) {
        String head = rest.get(0);
        String permission = switch (head) {
            case "calendars", "events" -> "Calendars.ReadWrite";
            case "contactFolders", "contacts" -> "Contacts.ReadWrite";
            case "todo" -> "Tasks.ReadWrite.All";
            default -> null;
        };
        if (permission == null) {
            return null;
        }
        if (denied.test(permission)) {
            return GraphDouble.error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
        Store s = store(userId);
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        switch (head) {
            case "calendars" -> {
                if (rest.size() == 1) {
                    return get ? containers(s.calendars, "name", true) : post ? create(s.calendars, body, "name", "AAMkCal")
                            : null;
                }
                Container c = s.calendars.get(rest.get(1));
                if (c == null) {
                    return GraphDouble.itemNotFound();
                }
                if (rest.size() == 3 && rest.get(2).equals("events")) {
                    return get ? list(c, path, q, link) : post ? add(c, body) : null;
                }
            }
            case "events" -> {
                if (rest.size() == 2 && method.equals("DELETE")) {
                    return remove(s.calendars, rest.get(1));
                }
            }
            case "contactFolders" -> {
                if (rest.size() == 1) {
                    return get ? containers(s.contactFolders, "displayName", false)
                            : post ? create(s.contactFolders, body, "displayName", "AAMkCon") : null;
                }
                Container c = s.contactFolders.get(rest.get(1));
                if (c == null) {
                    return GraphDouble.itemNotFound();
                }
                if (rest.size() == 3 && rest.get(2).equals("contacts")) {
                    return get ? list(c, path, q, link) : post ? add(c, body) : null;
                }
            }
            case "contacts" -> {
                if (rest.size() == 1) {
                    return get ? list(s.defaultContacts, path, q, link) : post ? add(s.defaultContacts, body) : null;
                }
                if (rest.size() == 2 && method.equals("DELETE")) {
                    Map<String, Container> all = new LinkedHashMap<>(s.contactFolders);
                    all.put(s.defaultContacts.id, s.defaultContacts);
                    return remove(all, rest.get(1));
                }
            }
            case "todo" -> {
                if (rest.size() == 2 && rest.get(1).equals("lists")) {
                    return get ? containers(s.lists, "displayName", false)
                            : post ? create(s.lists, body, "displayName", "AAMkTodo") : null;
                }
                Container c = rest.size() >= 4 ? s.lists.get(rest.get(2)) : null;
                if (c == null || !rest.get(3).equals("tasks")) {
                    return GraphDouble.itemNotFound();
                }
                if (rest.size() == 4) {
                    return get ? list(c, path, q, link) : post ? add(c, body) : null;
                }
                if (rest.size() == 5 && method.equals("DELETE")) {
                    return c.items.remove(rest.get(4)) == null ? GraphDouble.itemNotFound() : noContent();
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    private static Reply noContent() {
        return new Reply(204, new LinkedHashMap<>(), null, false);
    }

    private Reply containers(Map<String, Container> all, String nameField, boolean calendars) {
        ObjectNode page = GraphDouble.JSON.createObjectNode();
        ArrayNode value = page.putArray("value");
        for (Container c : all.values()) {
            ObjectNode o = value.addObject().put("id", c.id).put(nameField, c.name);
            if (calendars) {
                o.put("isDefaultCalendar", "default".equals(c.wellKnown)).put("canEdit", true);
            } else if (nameField.equals("displayName") && c.wellKnown != null) {
                o.put("wellknownListName", c.wellKnown).put("isOwner", true).put("isShared", false);
            } else if (all.values().stream().anyMatch(x -> x.wellKnown != null)) {
                o.put("wellknownListName", "none");
            }
        }
        return GraphDouble.json(200, page);
    }

    private Reply create(Map<String, Container> all, byte[] body, String nameField, String prefix) {
        JsonNode in = read(body);
        String name = in == null ? "" : in.path(nameField).asText("");
        if (name.isBlank()) {
            return GraphDouble.error(400, "ErrorInvalidRequest", "The name is missing.");
        }
        if (all.values().stream().anyMatch(c -> c.name.equalsIgnoreCase(name))) {
            return GraphDouble.error(409, "ErrorFolderExists", "A folder with the specified name already exists.");
        }
        Container c = new Container(id(prefix), name, nameField.equals("displayName") && prefix.equals("AAMkTodo")
                ? "none" : null);
        all.put(c.id, c);
        return GraphDouble.json(201, GraphDouble.JSON.createObjectNode().put("id", c.id).put(nameField, name));
    }

    private Reply add(Container c, byte[] body) {
        JsonNode in = read(body);
        if (!(in instanceof ObjectNode item)) {
            return GraphDouble.error(400, "ErrorInvalidRequest", "The request body is not a JSON object.");
        }
        ObjectNode stored = item.deepCopy();
        stored.put("id", id("AAMkItem"));
        c.items.put(stored.get("id").asText(), stored);
        return GraphDouble.json(201, shown(stored, null, false));
    }

    /** An item as Graph returns it: extended properties only when expanded, linked resources only when expanded. */
    private static ObjectNode shown(ObjectNode stored, String expandedProperty, boolean linked) {
        ObjectNode o = stored.deepCopy();
        o.remove("singleValueExtendedProperties");
        if (!linked) {
            o.remove("linkedResources");
        }
        if (expandedProperty != null) {
            ArrayNode props = o.putArray("singleValueExtendedProperties");
            for (JsonNode p : stored.path("singleValueExtendedProperties")) {
                if (p.path("id").asText().equalsIgnoreCase(expandedProperty)) {
                    props.add(p.deepCopy());
                }
            }
        }
        return o;
    }

    private Reply list(Container c, String path, Map<String, String> q, BiFunction<String, Map<String, String>,
            String> link) {
        List<ObjectNode> items = new ArrayList<>(c.items.values());
        String filter = q.get("$filter");
        if (filter != null) {
            Matcher m = STAMP_FILTER.matcher(filter);
            if (!m.matches()) {
                return GraphDouble.error(400, "ErrorInvalidUrlQueryFilter", "The filter is not supported.");
            }
            String id = m.group(2).replace("''", "'");
            String value = m.group(3).replace("''", "'");
            items.removeIf(i -> {
                for (JsonNode p : i.path("singleValueExtendedProperties")) {
                    if (p.path("id").asText().equalsIgnoreCase(id) && p.path("value").asText().equals(value)) {
                        return false;
                    }
                }
                return true;
            });
        }
        String expand = q.getOrDefault("$expand", "");
        Matcher e = EXPAND_ID.matcher(expand);
        String property = expand.startsWith("singleValueExtendedProperties") && e.find()
                ? e.group(1).replace("''", "'") : null;
        boolean linked = expand.equalsIgnoreCase("linkedResources");
        int top = Integer.parseInt(q.getOrDefault("$top", "10"));
        int skip = Integer.parseInt(q.getOrDefault("$skip", "0"));
        ObjectNode page = GraphDouble.JSON.createObjectNode();
        ArrayNode value = page.putArray("value");
        items.stream().skip(skip).limit(top).forEach(i -> value.add(shown(i, property, linked)));
        if (skip + top < items.size()) {
            Map<String, String> nextQ = new LinkedHashMap<>(q);
            nextQ.put("$skip", Integer.toString(skip + top));
            page.put("@odata.nextLink", link.apply(path, nextQ));
        }
        return GraphDouble.json(200, page);
    }

    private static Reply remove(Map<String, Container> all, String itemId) {
        for (Container c : all.values()) {
            if (c.items.remove(itemId) != null) {
                return noContent();
            }
        }
        return GraphDouble.itemNotFound();
    }

    private static JsonNode read(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : GraphDouble.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- for assertions

    /** The names of the user's calendars, in creation order. */
    public synchronized List<String> calendars(String userId) {
        return store(userId).calendars.values().stream().map(c -> c.name).toList();
    }

    /** The items as created (with their ids) in the user's calendar, contact folder or To Do list {@code name}. */
    public synchronized List<ObjectNode> items(String userId, String kind, String name) {
        Store s = store(userId);
        List<Container> all = new ArrayList<>(switch (kind) {
            case "calendar" -> s.calendars.values();
            case "contacts" -> s.contactFolders.values();
            default -> s.lists.values();
        });
        if (kind.equals("contacts")) {
            all.add(0, s.defaultContacts);
        }
        return all.stream().filter(c -> c.name.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .flatMap(c -> c.items.values().stream()).map(ObjectNode::deepCopy).toList();
    }
}
