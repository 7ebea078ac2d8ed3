/**
 * Shared pieces of the panel: the background runner, activity and connectivity state view models use (no
 * {@code javafx.scene} there), value formatting, and the widgets every view shares (busy overlay, error banner, card,
 * form grid, theme).
 * May import JavaFX, ControlsFX, AtlantaFX, SLF4J and {@code io.mailferry.model}; of the client only {@code ServiceException} (for its sentence).
 */
package io.mailferry.admin.ui;
