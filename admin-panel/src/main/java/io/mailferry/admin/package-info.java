/**
 * The panel's entry and composition root: {@code Launcher} (the jar's main), {@code AdminApp} (wiring by hand), the
 * main window ({@code ShellView}) and its view model (service state). May import every panel package.
 */
package io.mailferry.admin;
