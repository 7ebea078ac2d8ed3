package io.mailferry.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The panel opens at 1280×800 where the screen has room, smaller on a small screen, never below its minimum. */
class WindowSizeTest {

    @Test
    void aLargeScreenShouldGetThePreferredSize() {
        assertThat(AdminApp.initialSize(AdminApp.WIDTH, AdminApp.MIN_WIDTH, 1920)).isEqualTo(1280);
    }

    @Test
    void aSmallerScreenShouldGetTheScreenButNeverLessThanTheMinimum() {
        assertThat(AdminApp.initialSize(AdminApp.WIDTH, AdminApp.MIN_WIDTH, 1024)).isEqualTo(1024);
        assertThat(AdminApp.initialSize(AdminApp.HEIGHT, AdminApp.MIN_HEIGHT, 600)).isEqualTo(640);
    }
}
