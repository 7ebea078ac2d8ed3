package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.admin.client.ServiceException;
import org.junit.jupiter.api.Test;

class ShellViewModelTest {

    private final FakeServiceClient client = new FakeServiceClient();

    @Test
    void aRunningServiceShouldShowItsAddress() {
        ShellViewModel vm = new ShellViewModel(client, new DirectRunner(), () -> { });
        vm.check();
        assertThat(vm.connected().get()).isTrue();
        assertThat(vm.status().get()).isEqualTo("Service: connected to http://127.0.0.1:52731 · version 0.1.0 · 0 jobs running");
        assertThat(vm.canStart().get()).isFalse();
    }

    /** A hung service: the 5-second checks wait for the one under way instead of piling up behind it. */
    @Test
    void aCheckShouldNotStartWhileThePreviousOneStillWaits() {
        QueuedRunner runner = new QueuedRunner();
        ShellViewModel vm = new ShellViewModel(client, runner, () -> { });
        vm.check();
        vm.check();
        vm.check();

        runner.runAll();

        assertThat(client.calls).containsExactly("health");
        assertThat(vm.connected().get()).isTrue();
        vm.check();
        runner.runAll();
        assertThat(client.calls).as("the next check after the answer").containsExactly("health", "health");
    }

    @Test
    void aMissingServiceShouldSaySoAndOfferToStartIt() {
        client.down = new ServiceException(0, ServiceException.NOT_RUNNING,
                "The Mailferry service is not running (no /data/service.url).");
        ShellViewModel vm = new ShellViewModel(client, new DirectRunner(), () -> { });
        vm.check();
        assertThat(vm.connected().get()).isFalse();
        assertThat(vm.status().get()).isEqualTo(
                "Service: not running — The Mailferry service is not running (no /data/service.url).");
        assertThat(vm.canStart().get()).isTrue();
    }

    @Test
    void startShouldRunTheStarterAndConnectOnceTheServiceAnswers() {
        client.down = new ServiceException(0, ServiceException.NOT_RUNNING, "not running");
        ShellViewModel vm = new ShellViewModel(client, new DirectRunner(), () -> client.down = null);
        vm.check();
        vm.startService();
        assertThat(vm.connected().get()).isTrue();
        assertThat(vm.starting().get()).isFalse();
    }

    @Test
    void aStarterThatFailsShouldShowItsSentence() {
        client.down = new ServiceException(0, ServiceException.NOT_RUNNING, "not running");
        ShellViewModel vm = new ShellViewModel(client, new DirectRunner(), () -> {
            throw new ServiceException(0, "no_service_command", "The panel cannot find the Mailferry service.");
        });
        vm.startService();
        assertThat(vm.connected().get()).isFalse();
        assertThat(vm.problem().get()).isEqualTo("The panel cannot find the Mailferry service.");
    }
}
