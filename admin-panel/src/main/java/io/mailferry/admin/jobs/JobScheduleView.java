package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.BusyOverlay;
import io.mailferry.admin.ui.ErrorBanner;
import io.mailferry.admin.wizard.ScheduleFormView;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The schedule dialog of an existing job: its current schedule and next run, with Save and Remove. */
public final class JobScheduleView extends BorderPane {

    /**
     * @param onChanged runs after a save or a removal (reload the jobs grid; the dialog stays open to show the result)
     * @param onClose   closes the dialog
     */
    public JobScheduleView(JobScheduleViewModel vm, Runnable onChanged, Runnable onClose) {
        setId("jobScheduleView");
        getStyleClass().add("page");
        Label title = new Label(vm.title());
        title.getStyleClass().add("card-title");
        Label status = new Label();
        status.setId("scheduleStatus");
        status.setWrapText(true);
        status.textProperty().bind(vm.status());

        Button close = new Button("Close");
        close.setId("scheduleClose");
        close.setCancelButton(true);
        close.setOnAction(e -> onClose.run());
        Button remove = new Button("_Remove schedule");
        remove.setId("scheduleRemove");
        remove.getStyleClass().add("danger");
        remove.disableProperty().bind(vm.saved().not().or(vm.activity().busy()));
        remove.setOnAction(e -> vm.remove(onChanged));
        Button save = new Button("_Save");
        save.setId("scheduleSave");
        save.getStyleClass().add("accent");
        save.setDefaultButton(true);
        save.disableProperty().bind(vm.canSave().not());
        save.setOnAction(e -> vm.save(onChanged));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(10, close, gap, remove, save);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox body = new VBox(10, title, status, ScheduleFormView.grid(vm.form()));
        body.setPadding(new Insets(18, 20, 10, 20));
        buttons.setPadding(new Insets(10, 20, 16, 20));
        setTop(new VBox(new ErrorBanner(vm.activity())));
        BorderPane.setMargin(getTop(), new Insets(10, 20, 0, 20));
        setCenter(new BusyOverlay(body, vm.activity().busy()));
        setBottom(buttons);
    }
}
