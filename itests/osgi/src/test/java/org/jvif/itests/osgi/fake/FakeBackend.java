package org.jvif.itests.osgi.fake;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jvif.api.VifPlugin;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.VIFBase;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedService;

/**
 * A backend that wires nothing, for DynamicsIT, which builds it into a bundle of its own at test time.
 * It describes VIFGeneric up to the major.minor of its bundle version, so an upgrade shows in host info,
 * and reads PID {@value #PID}: every {@value #FAIL_EVERY}-th plug or unplug fails on purpose, each waits
 * {@value #PLUG_DELAY_MS} ms first. The settings in force are also its service property
 * {@value #FAIL_EVERY_PROPERTY}, so a test sees when a change has reached it.
 *
 * <p>Calls still running when the bundle has left can no longer load classes from it: everything plug,
 * unplug and describe need is loaded when the backend is made.
 */
public final class FakeBackend implements VifPlugin, ManagedService {
    public static final String NAME = "fake";
    public static final String PID = "org.jvif.backend.fake";
    public static final String FAIL_EVERY = "fail_every";
    public static final String PLUG_DELAY_MS = "plug_delay_ms";
    public static final String FAIL_EVERY_PROPERTY = "fake." + FAIL_EVERY;
    /** How the message of each failure made on purpose starts. */
    public static final String ON_PURPOSE = "fake backend fails on purpose";

    private final String maxVersion;
    private final AtomicLong calls = new AtomicLong();
    private volatile Settings settings = Settings.DEFAULT;
    private volatile ServiceRegistration<VifPlugin> registration;

    /** The settings of PID {@value #PID}, replaced as a whole so a call reads them consistently. */
    private static final class Settings {
        static final Settings DEFAULT = new Settings(0, 0);

        final int failEvery;
        final int plugDelayMs;

        Settings(int failEvery, int plugDelayMs) {
            this.failEvery = failEvery;
            this.plugDelayMs = plugDelayMs;
        }
    }

    FakeBackend(Version bundleVersion) {
        maxVersion = bundleVersion.getMajor() + "." + bundleVersion.getMinor();
        describe();
        failure("plug", 0, 1);
    }

    /** Service properties: the plugin name and the settings in force. */
    Dictionary<String, Object> properties() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(VifPlugin.PLUGIN_NAME, NAME);
        p.put(FAIL_EVERY_PROPERTY, settings.failEvery);
        return p;
    }

    void registeredAs(ServiceRegistration<VifPlugin> registration) {
        this.registration = registration;
    }

    @Override
    public HostPluginInfo describe() {
        HostVIFInfo generic = new HostVIFInfo();
        generic.setVifObjectName("VIFGeneric");
        generic.setMinVersion("1.0");
        generic.setMaxVersion(maxVersion);
        generic.setSupportedPortProfiles(List.of());
        HostPluginInfo info = new HostPluginInfo();
        info.setPluginName(NAME);
        info.setVifInfo(List.of(generic));
        return info;
    }

    @Override
    public void plug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        act("plug");
    }

    @Override
    public void unplug(VIFBase vif, InstanceInfo instanceInfo) throws Exception {
        act("unplug");
    }

    private void act(String what) throws IOException, InterruptedException {
        Settings s = settings;
        long call = calls.incrementAndGet();
        if (s.plugDelayMs > 0) {
            Thread.sleep(s.plugDelayMs);
        }
        if (s.failEvery > 0 && call % s.failEvery == 0) {
            throw failure(what, call, s.failEvery);
        }
    }

    private static IOException failure(String what, long call, int failEvery) {
        return new IOException(ON_PURPOSE + ": " + what + " is call " + call + " (" + FAIL_EVERY + "=" + failEvery + ")");
    }

    /** No configuration means the defaults: never fail, no delay. */
    @Override
    public void updated(Dictionary<String, ?> properties) throws ConfigurationException {
        Settings s = properties == null ? Settings.DEFAULT
                : new Settings(atLeastZero(properties, FAIL_EVERY), atLeastZero(properties, PLUG_DELAY_MS));
        settings = s;
        ServiceRegistration<VifPlugin> r = registration;
        if (r != null) {
            try {
                r.setProperties(properties());
            } catch (IllegalStateException e) {
                // the bundle is stopping: nobody routes to this backend any more
            }
        }
    }

    private static int atLeastZero(Dictionary<String, ?> properties, String key) throws ConfigurationException {
        Object v = properties.get(key);
        if (v == null) {
            return 0;
        }
        try {
            int n = v instanceof Number ? ((Number) v).intValue() : Integer.parseInt(v.toString().trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(key, "must be a whole number >= 0, got " + v);
    }
}
