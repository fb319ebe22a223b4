package org.jvif.host.ovsdb.internal;

import java.util.concurrent.CompletableFuture;

import org.jvif.host.ovsdb.OvsdbClient;
import org.jvif.host.ovsdb.OvsdbConnector;
import org.jvif.host.ovsdb.OvsdbOptions;
import org.osgi.service.component.annotations.Component;

/** This library's {@link OvsdbConnector}: {@link OvsdbClientImpl}, RFC 7047 JSON-RPC over tcp, ssl or unix. */
@Component(service = OvsdbConnector.class)
public final class Rfc7047Connector implements OvsdbConnector {
    /** For Declarative Services and {@link java.util.ServiceLoader}. */
    public Rfc7047Connector() {
    }

    @Override
    public OvsdbClient connect(OvsdbOptions options) {
        return OvsdbClientImpl.connect(options);
    }

    @Override
    public CompletableFuture<OvsdbClient> connectAsync(OvsdbOptions options) {
        return OvsdbClientImpl.connectAsync(options);
    }
}
