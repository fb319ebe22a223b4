package org.jvif.host.ovsdb;

/** The RFC 7047 condition functions of a {@code where} clause. */
public enum Comparison {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), INCLUDES("includes"), EXCLUDES("excludes");

    private final String json;

    Comparison(String json) {
        this.json = json;
    }

    /** As written on the wire, e.g. {@code "=="}. */
    public String jsonName() {
        return json;
    }
}
