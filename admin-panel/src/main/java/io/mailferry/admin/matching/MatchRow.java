package io.mailferry.admin.matching;

import io.mailferry.model.mailbox.MailboxPairRequest;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One row of the matching grid. {@code how} says where the target came from: a rule, "manual" or "CSV";
 * {@code notInDirectory} that a directory was loaded for the target connection and this target is not in it;
 * {@code notInList} that targets were pasted to match against and this one is not among them. {@code problem} says
 * either in a plain sentence ("" when the row is fine).
 */
public final class MatchRow {

    private final StringProperty source;
    private final StringProperty target;
    private final StringProperty how;
    private final BooleanBinding unmatched;
    private final BooleanProperty notInDirectory = new SimpleBooleanProperty(false);
    private final BooleanProperty notInList = new SimpleBooleanProperty(false);
    private final StringProperty problem = new SimpleStringProperty("");
    /** Per-mailbox logins a CSV brought along (source/target user and password); null when typed or auto-matched. */
    private MailboxPairRequest credentials;

    public MatchRow(String source, String target, String how) {
        this.source = new SimpleStringProperty(source);
        this.target = new SimpleStringProperty(target == null ? "" : target);
        this.how = new SimpleStringProperty(how == null ? "" : how);
        this.unmatched = Bindings.createBooleanBinding(() -> this.target.get().isBlank(), this.target);
    }

    public StringProperty source() {
        return source;
    }

    public StringProperty target() {
        return target;
    }

    public StringProperty how() {
        return how;
    }

    public BooleanBinding unmatched() {
        return unmatched;
    }

    /** True when the target connection's directory was loaded and does not list this row's target. */
    public ReadOnlyBooleanProperty notInDirectory() {
        return notInDirectory;
    }

    public boolean isNotInDirectory() {
        return notInDirectory.get();
    }

    /** True when a target list was pasted and does not hold this row's target (a typo, most likely). */
    public ReadOnlyBooleanProperty notInList() {
        return notInList;
    }

    public boolean isNotInList() {
        return notInList.get();
    }

    /** What is wrong with the target, in a plain sentence; "" when nothing is. */
    public javafx.beans.property.ReadOnlyStringProperty problem() {
        return problem;
    }

    void flags(boolean missingFromDirectory, boolean missingFromList, String sentence) {
        notInDirectory.set(missingFromDirectory);
        notInList.set(missingFromList);
        problem.set(sentence == null ? "" : sentence);
    }

    public MailboxPairRequest credentials() {
        return credentials;
    }

    void credentials(MailboxPairRequest fromCsv) {
        this.credentials = fromCsv;
    }

    /** The request for this row, with the CSV's logins and source root (UserRoot) when it had any. */
    public MailboxPairRequest toRequest() {
        MailboxPairRequest c = credentials;
        return c == null ? MailboxPairRequest.of(source.get(), target.get())
                : new MailboxPairRequest(source.get(), target.get(), c.sourceUser(), c.sourcePassword(),
                        c.targetUser(), c.targetPassword(), c.sourceRoot());
    }

    public boolean isUnmatched() {
        return unmatched.get();
    }

    @Override
    public String toString() {
        return source.get() + " -> " + target.get();
    }
}
