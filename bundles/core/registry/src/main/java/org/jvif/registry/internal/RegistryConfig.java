package org.jvif.registry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** PID {@value OsVifRegistry#PID}. */
@ObjectClassDefinition(name = "jvif registry", description = "The durable record of plugs and how the host is held to it")
@interface RegistryConfig {
    @AttributeDefinition(description = "At start, and as each backend arrives: 'repair' finishes the calls that "
            + "were in flight when the platform stopped and plugs again the VIFs the host lost or that drifted; "
            + "'report' only logs what vif:check would say.",
            options = {@Option(value = "repair"), @Option(value = "report")})
    String reconcile__on__start() default "repair";

    @AttributeDefinition(required = false, description = "The record's file (an H2 MVStore). Empty: the framework "
            + "property org.jvif.registry.record_file, else ${karaf.data}/jvif/record.mv.db in Karaf, else "
            + "record.mv.db in the registry bundle's data area.")
    String record__file() default "";
}
