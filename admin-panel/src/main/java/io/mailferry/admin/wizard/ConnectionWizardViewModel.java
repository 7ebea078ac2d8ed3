package io.mailferry.admin.wizard;

import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.admin.ui.Activity;
import io.mailferry.admin.ui.BackgroundRunner;
import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ConnectionTestResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or edits a source or target connection: kind → the kind's own steps → test. The test step is valid only
 * after a test that passed against the real server with the current inputs; its words are the service's. Each kind
 * keeps its own inputs, so switching kinds back and forth loses nothing typed.
 */
public final class ConnectionWizardViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWizardViewModel.class);

    public static final String KIND = "kind";
    public static final String TEST = "test";

    /** A kind the panel knows but cannot connect to yet: shown disabled on the kind step. */
    public record ComingLater(ConnectionKind kind, String displayName, String hint) {
    }

    /** The admin-consent link a Microsoft 365 test names when a permission is missing. */
    private static final Pattern CONSENT_LINK = Pattern.compile("https://\\S*/adminconsent\\?\\S*");

    private final ServiceClient client;
    private final Activity activity;
    private final ConnectionRole role;
    private final Connection existing;
    private final List<ConnectionKindSteps> kinds;
    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<ConnectionKindSteps> kind = new SimpleObjectProperty<>();
    private final ObjectProperty<ConnectionTestResult> testResult = new SimpleObjectProperty<>();
    private final StringBinding roleNote;
    private final StringBinding consentLink;
    private final Wizard wizard;
    private Observable watched;
    private boolean ready;
    private boolean edited;

    public ConnectionWizardViewModel(ServiceClient client, BackgroundRunner runner, ConnectionRole role,
            List<ConnectionKindSteps> kinds, Connection existing) {
        this.client = client;
        this.activity = new Activity(runner);
        this.role = role;
        this.kinds = List.copyOf(kinds);
        this.existing = existing;
        BooleanBinding kindValid = Bindings.createBooleanBinding(
                () -> !name.get().isBlank() && kind.get() != null, name, kind);
        BooleanBinding tested = Bindings.createBooleanBinding(
                () -> testResult.get() != null && testResult.get().ok(), testResult);
        roleNote = Bindings.createStringBinding(() -> {
            String note = kind.get() == null ? null : kind.get().roleNote(role);
            return note == null ? "" : note;
        }, kind);
        consentLink = Bindings.createStringBinding(() -> consentLink(testResult.get()), testResult);
        WizardStep kindStep = WizardStep.of(KIND, "Kind", kindValid);
        WizardStep testStep = WizardStep.of(TEST, "Test", tested);
        wizard = new Wizard(List.of(kindStep, testStep));
        kind.addListener((obs, old, now) -> {
            List<WizardStep> tail = new ArrayList<>(now == null ? List.of() : now.steps());
            tail.add(testStep);
            wizard.replaceAfter(1, tail);
            watch(now);
        });
        if (existing != null) {
            name.set(existing.name());
            this.kinds.stream().filter(k -> k.kind() == existing.kind()).findFirst().ifPresent(k -> {
                k.load(existing);
                kind.set(k);
            });
        } else if (!this.kinds.isEmpty()) {
            kind.set(this.kinds.get(0));
        }
        name.addListener(o -> edited |= ready);
        kind.addListener(o -> edited |= ready);
    }

    /**
     * From now on a change of any input counts as the admin's: called once the wizard shows, after its first page
     * filled in its defaults.
     */
    public void trackInput() {
        ready = true;
        edited = false;
    }

    /** Whether the admin typed or chose anything since the wizard opened (closing it then asks first). */
    public boolean hasInput() {
        return edited;
    }

    private void watch(ConnectionKindSteps steps) {
        testResult.set(null);
        // Keep a strong reference: the binding returned by changes() would otherwise be collected with its listener.
        watched = steps == null ? null : steps.changes();
        if (watched != null) {
            watched.addListener(o -> {
                edited |= ready;
                testResult.set(null);
                // Re-validate so the next change fires again (bindings report invalidation once).
                if (o instanceof ObservableValue<?> v) {
                    v.getValue();
                }
            });
        }
    }

    public Wizard wizard() {
        return wizard;
    }

    public Activity activity() {
        return activity;
    }

    public ConnectionRole role() {
        return role;
    }

    public boolean editing() {
        return existing != null;
    }

    /** "New source connection", "Edit target connection 'Old IMAP'" */
    public String title() {
        String side = role == ConnectionRole.SOURCE ? "source" : "target";
        return existing == null ? "New " + side + " connection" : "Edit " + side + " connection '" + existing.name() + "'";
    }

    public StringProperty name() {
        return name;
    }

    /** The wizard's window closed (finished or not): each kind stops what it still waits for. */
    public void closed() {
        kinds.forEach(ConnectionKindSteps::close);
    }

    public List<ConnectionKindSteps> kinds() {
        return kinds;
    }

    public ObjectProperty<ConnectionKindSteps> kind() {
        return kind;
    }

    public ObjectProperty<ConnectionTestResult> testResult() {
        return testResult;
    }

    /** The kinds shown disabled with "coming later": every kind without registered steps. */
    public List<ComingLater> comingLater() {
        return Arrays.stream(ConnectionKind.values())
                .filter(k -> kinds.stream().noneMatch(s -> s.kind() == k))
                .map(k -> switch (k) {
                    case IMAP -> new ComingLater(k, "IMAP server", "Coming later.");
                    case MICROSOFT_365 -> new ComingLater(k, "Microsoft 365", "Coming later.");
                    case EXCHANGE -> new ComingLater(k, "Exchange Server", "Coming later.");
                    case GMAIL -> new ComingLater(k, "Gmail / Google Workspace", "Coming later.");
                })
                .toList();
    }

    /** What the chosen kind means for this role, "" when nothing (Microsoft 365 as a target: what IMAP needs). */
    public StringBinding roleNote() {
        return roleNote;
    }

    /**
     * The admin-consent link the last test named (a Microsoft 365 app lacking a permission), "" when none: the page
     * shows it on its own, to copy or open, besides the service's sentence.
     */
    public StringBinding consentLink() {
        return consentLink;
    }

    private static String consentLink(ConnectionTestResult r) {
        if (r == null || r.ok()) {
            return "";
        }
        for (String text : new String[] {r.message(), r.details()}) {
            Matcher m = text == null ? null : CONSENT_LINK.matcher(text);
            if (m != null && m.find()) {
                return m.group().replaceAll("[.,;)]+$", "");
            }
        }
        return "";
    }

    /** The current kind's steps model of type {@code type}, for that kind's step views. */
    public <T extends ConnectionKindSteps> T kindSteps(Class<T> type) {
        return type.cast(kind.get());
    }

    public ConnectionKind selectedKind() {
        return kind.get() == null ? null : kind.get().kind();
    }

    ConnectionRequest request() {
        return Objects.requireNonNull(kind.get(), "kind").request(name.get().trim(), role);
    }

    /**
     * Runs "test connection" against the real server with the current inputs. Nothing is saved: when editing, the
     * service tests these settings for the stored connection, with its stored password unless one was retyped.
     */
    public void test() {
        ConnectionRequest request = request();
        testResult.set(null);
        activity.run(() -> existing != null
                ? client.testConnection(existing.id(), request) : client.testConnection(request), testResult::set);
    }

    /**
     * Saves the connection and hands it to {@code onSaved}; only once the test passed. The saved connection is tested
     * once more by id, because only that stores the result the dashboard shows ("OK · tested …"); that test failing
     * does not undo the save, the card then shows why.
     */
    public void finish(Consumer<Connection> onSaved) {
        if (!wizard.canFinish().get()) {
            return;
        }
        ConnectionRequest request = request();
        activity.run(() -> {
            Connection saved = existing == null
                    ? client.createConnection(request)
                    : client.updateConnection(existing.id(), request);
            try {
                client.testConnection(saved.id());
            } catch (ServiceException e) {
                LOG.info("Saved connection {} could not be tested again: {}", saved.id(), e.getMessage());
            }
            return saved;
        }, onSaved);
    }
}
