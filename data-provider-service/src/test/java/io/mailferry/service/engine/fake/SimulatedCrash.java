package io.mailferry.service.engine.fake;

/** Stands for the process dying at a point: an Error, which the engine must never catch. */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String where) {
        super("simulated crash " + where);
    }
}
