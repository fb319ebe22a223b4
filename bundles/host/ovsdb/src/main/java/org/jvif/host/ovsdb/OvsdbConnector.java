package org.jvif.host.ovsdb;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes {@link OvsdbClient}s: the service through which components connect to an OVSDB server, so that
 * another provider or a test fake can stand in. {@link #standard()} (and {@link OvsdbClient}'s static methods)
 * give this library's own outside a framework.
 */
@ProviderType
public interface OvsdbConnector {
    /** This library's own connector (RFC 7047 over tcp, ssl or a unix socket), for code outside a framework. */
    static OvsdbConnector standard() {
        return Providers.CONNECTOR;
    }

    /**
     * Connects and fetches the schema, retrying with backoff until {@link OvsdbOptions#timeout()}.
     *
     * @throws OvsdbConnectionException if no connection was made in time, naming the last error
     */
    OvsdbClient connect(OvsdbOptions options);

    /**
     * Like {@link #connect(OvsdbOptions)}, without blocking. Cancelling the future gives up: the client
     * closes, and its connection attempts and threads end.
     */
    CompletableFuture<OvsdbClient> connectAsync(OvsdbOptions options);
}
