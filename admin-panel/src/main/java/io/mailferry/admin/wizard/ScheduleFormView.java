package io.mailferry.admin.wizard;

import io.mailferry.admin.ui.Forms;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** The fields of a {@link ScheduleForm}, as the wizard's schedule step and the Jobs tab's schedule dialog show them. */
public final class ScheduleFormView {
    private ScheduleFormView() {
    }

    /** A form grid bound to {@code form}, with a hint that shows what is wrong in it. */
    public static GridPane grid(ScheduleForm form) {
        CheckBox scheduled = new CheckBox("Run this job by a schedule (else it starts when you press Start)");
        scheduled.setId("scheduled");
        scheduled.selectedProperty().bindBidirectional(form.scheduled());
        DatePicker startDate = new DatePicker();
        startDate.setId("scheduleStartDate");
        startDate.valueProperty().bindBidirectional(form.startDate());
        startDate.setPromptText("now");
        TextField startTime = Fields.text("scheduleStartTime", form.startTime(), "00:00");
        startTime.setMaxWidth(90);
        TextArea windows = new TextArea();
        windows.setId("scheduleWindows");
        windows.setPromptText("Mon-Fri 19-07\nSat-Sun 0-24\n(empty: any time)");
        windows.setPrefRowCount(4);
        windows.textProperty().bindBidirectional(form.windows());
        TextField every = Fields.text("scheduleEvery", form.deltaEveryHours(), "none");
        every.setMaxWidth(90);
        DatePicker cutOver = new DatePicker();
        cutOver.setId("scheduleCutOver");
        cutOver.valueProperty().bindBidirectional(form.cutOver());
        cutOver.setPromptText("until removed");
        GridPane g = Forms.grid();
        Forms.row(g, "_Schedule:", scheduled);
        Forms.row(g, "First pass _on:", startDate);
        Forms.row(g, "At _time:", startTime);
        Forms.row(g, "Acti_vity periods:", windows);
        Forms.row(g, "_Delta every (hours):", every);
        Forms.row(g, "_Cut-over:", cutOver);
        for (Node n : new Node[] {startDate, startTime, windows, every, cutOver}) {
            n.disableProperty().bind(form.scheduled().not());
        }
        Label zone = new Label();
        zone.setId("scheduleZone");
        zone.getStyleClass().addAll("muted", "small");
        zone.textProperty().bind(Bindings.createStringBinding(() -> "Dates, times and periods in "
                + form.zone().getId() + ".", form.zoneProperty()));
        Forms.hint(g, zone);
        Forms.hint(g, Fields.hint(Bindings.createStringBinding(form::error, form.fields())));
        return g;
    }
}
