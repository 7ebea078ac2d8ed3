package io.mailferry.admin.jobs;

import io.mailferry.admin.ui.DialogFrame;
import io.mailferry.admin.wizard.ScheduleFormView;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
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
        DialogFrame.layout(this, vm.activity(), new VBox(10, title, status, ScheduleFormView.grid(vm.form())), close,
                remove, save);
    }
}
