package org.jvif.host.ovsdb;

/** The RFC 7047 mutators: arithmetic on integer/real columns, insert/delete on set and map columns. */
public enum Mutator {
    ADD("+="), SUBTRACT("-="), MULTIPLY("*="), DIVIDE("/="), MODULO("%="), INSERT("insert"), DELETE("delete");

    private final String json;

    Mutator(String json) {
        this.json = json;
    }

    /** As written on the wire, e.g. {@code "+="}. */
    public String jsonName() {
        return json;
    }

    public boolean isArithmetic() {
        return this != INSERT && this != DELETE;
    }
}
