/**
 * Wizards: a generic {@code Wizard} of {@code WizardStep}s whose {@code valid} property enables Next, the connection
 * wizard (each connection kind contributes its own steps through {@code ConnectionKindSteps}) and the job wizard.
 * View models here import no {@code javafx.scene}; views import no client.
 */
package io.mailferry.admin.wizard;
