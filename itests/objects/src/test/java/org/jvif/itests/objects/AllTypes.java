package org.jvif.itests.objects;

import java.util.List;
import org.jvif.api.model.DatapathOffloadBase;
import org.jvif.api.model.FixedIP;
import org.jvif.api.model.FixedIPList;
import org.jvif.api.model.HostInfo;
import org.jvif.api.model.HostPluginInfo;
import org.jvif.api.model.HostPortProfileInfo;
import org.jvif.api.model.HostVIFInfo;
import org.jvif.api.model.InstanceInfo;
import org.jvif.api.model.Network;
import org.jvif.api.model.Route;
import org.jvif.api.model.RouteList;
import org.jvif.api.model.Subnet;
import org.jvif.api.model.SubnetList;
import org.jvif.api.model.VIFBase;
import org.jvif.api.model.VIFPortProfileBase;
import org.jvif.api.object.ObjectResolver;
import org.jvif.api.object.ObjectSchema;
import org.jvif.offload.representor.DatapathOffloadRepresentor;
import org.jvif.portprofile.fpbridge.VIFPortProfileFPBridge;
import org.jvif.portprofile.fpopenvswitch.VIFPortProfileFPOpenVSwitch;
import org.jvif.portprofile.fptap.VIFPortProfileFPTap;
import org.jvif.portprofile.ieee8021qbg.VIFPortProfile8021Qbg;
import org.jvif.portprofile.ieee8021qbh.VIFPortProfile8021Qbh;
import org.jvif.portprofile.k8sdpdk.VIFPortProfileK8sDPDK;
import org.jvif.portprofile.openvswitch.VIFPortProfileOpenVSwitch;
import org.jvif.portprofile.ovsrepresentor.VIFPortProfileOVSRepresentor;
import org.jvif.vif.bridge.VIFBridge;
import org.jvif.vif.direct.VIFDirect;
import org.jvif.vif.generic.VIFGeneric;
import org.jvif.vif.hostdevice.VIFHostDevice;
import org.jvif.vif.nesteddpdk.VIFNestedDPDK;
import org.jvif.vif.openvswitch.VIFOpenVSwitch;
import org.jvif.vif.vhostuser.VIFVHostUser;

/** Every os-vif object class jvif implements, as plain Java sees them (no registry). */
final class AllTypes {
    static final List<ObjectSchema> SCHEMAS = List.of(
            VIFBase.SCHEMA, VIFPortProfileBase.SCHEMA, DatapathOffloadBase.SCHEMA,
            Network.SCHEMA, Subnet.SCHEMA, SubnetList.SCHEMA, FixedIP.SCHEMA, FixedIPList.SCHEMA,
            Route.SCHEMA, RouteList.SCHEMA, InstanceInfo.SCHEMA,
            HostInfo.SCHEMA, HostPluginInfo.SCHEMA, HostVIFInfo.SCHEMA, HostPortProfileInfo.SCHEMA,
            VIFGeneric.SCHEMA, VIFBridge.SCHEMA, VIFOpenVSwitch.SCHEMA, VIFDirect.SCHEMA, VIFVHostUser.SCHEMA,
            VIFHostDevice.SCHEMA, VIFNestedDPDK.SCHEMA,
            VIFPortProfileOpenVSwitch.SCHEMA, VIFPortProfileFPOpenVSwitch.SCHEMA,
            VIFPortProfileOVSRepresentor.SCHEMA, VIFPortProfileFPBridge.SCHEMA, VIFPortProfileFPTap.SCHEMA,
            VIFPortProfile8021Qbg.SCHEMA, VIFPortProfile8021Qbh.SCHEMA, VIFPortProfileK8sDPDK.SCHEMA,
            DatapathOffloadRepresentor.SCHEMA);

    static final ObjectResolver RESOLVER = ObjectResolver.of(SCHEMAS.toArray(new ObjectSchema[0]));

    private AllTypes() {
    }
}
