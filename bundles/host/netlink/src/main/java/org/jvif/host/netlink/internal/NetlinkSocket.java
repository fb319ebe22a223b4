package org.jvif.host.netlink.internal;

import static org.jvif.host.netlink.internal.Native.LIBC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One NETLINK_ROUTE socket, bound in the namespace it was opened in (the socket, not the calling thread,
 * decides the namespace). Requests are serialized by a lock so one reply stream is in flight at a time;
 * the send and receive buffers are allocated once.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int MSG_TRUNC = 0x20;

    private static final int NLMSG_NOOP = 1;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    private static final int NLM_F_CAPPED = 0x100;
    private static final int NLM_F_ACK_TLVS = 0x200;
    private static final int NLMSGERR_ATTR_MSG = 1;

    /** Requests are a few hundred bytes at most. */
    private static final int SEND_BUFFER = 4096;
    /** The kernel sizes dump messages to at most 32 KiB; twice that leaves room. */
    private static final int RECEIVE_BUFFER = 64 * 1024;

    /** Handles one data message of the reply: buffer, offset of its nlmsghdr, its length. */
    interface Reply {
        void accept(ByteBuffer buffer, int offset, int length);
    }

    private final int fd;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteBuffer out = ByteBuffer.allocateDirect(SEND_BUFFER).order(ByteOrder.nativeOrder());
    private final ByteBuffer in = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final Message message = new Message(out);
    private int sequence;
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's namespace. */
    static NetlinkSocket open() {
        int fd = Native.check(LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE),
                "opening rtnetlink socket");
        try {
            ByteBuffer one = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, 1);
            // best effort: extended acks carry the kernel's reason; capped acks keep error replies short
            LIBC.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, one, 4);
            LIBC.setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, one, 4);
            ByteBuffer address = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
            address.putShort(0, (short) AF_NETLINK);
            Native.check(LIBC.bind(fd, address, 12), "binding rtnetlink socket");
            return new NetlinkSocket(fd);
        } catch (RuntimeException e) {
            LIBC.close(fd);
            throw e;
        }
    }

    /** Sends a request with NLM_F_ACK and waits for the acknowledgement. */
    void execute(String operation, int type, int flags, Consumer<Message> body) {
        exchange(operation, type, flags | NLM_F_ACK, 0, body, null);
    }

    /**
     * Sends a request whose reply is a single message; returns false, without an exception (made with its
     * stack trace and errno text, the most of a lookup's cost), if the kernel answered the errno {@code absent}.
     */
    boolean query(String operation, int type, int absent, Consumer<Message> body, Reply reply) {
        return exchange(operation, type, 0, absent, body, reply);
    }

    /** Sends a dump request; returns false if the kernel flagged the dump inconsistent (retry it). */
    boolean dump(String operation, int type, Consumer<Message> body, Reply reply) {
        return exchange(operation, type, NLM_F_DUMP, 0, body, reply);
    }

    private boolean exchange(String operation, int type, int flags, int absent, Consumer<Message> body, Reply reply) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("rtnetlink socket is closed");
            }
            int seq = ++sequence;
            message.start(type, flags | NLM_F_REQUEST, seq);
            body.accept(message);
            int length = message.finish();
            out.clear(); // jnr-ffi passes a direct buffer's address plus its position
            while (LIBC.send(fd, out, length, 0) < 0) {
                int errno = Native.errno();
                if (errno != Native.EINTR) {
                    throw Native.error(errno, operation, null);
                }
            }
            return receive(operation, seq, (flags & NLM_F_ACK) != 0 || (flags & NLM_F_DUMP) != 0, absent, reply);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads replies for {@code seq} until its ACK, DONE or error; replies to other sequence numbers are
     * leftovers of an earlier request and are skipped.
     */
    private boolean receive(String operation, int seq, boolean untilEnd, int absent, Reply reply) {
        boolean consistent = true;
        while (true) {
            in.clear();
            long received = LIBC.recv(fd, in, RECEIVE_BUFFER, MSG_TRUNC);
            if (received < 0) {
                int errno = Native.errno();
                if (errno == Native.EINTR) {
                    continue;
                }
                throw Native.error(errno, operation, null);
            }
            if (received > RECEIVE_BUFFER) {
                throw new IllegalStateException("rtnetlink reply of " + received + " bytes overflowed the "
                        + RECEIVE_BUFFER + " byte buffer while " + operation);
            }
            int end = (int) received;
            for (int offset = 0; offset + Message.HEADER <= end;) {
                int length = in.getInt(offset);
                if (length < Message.HEADER || offset + length > end) {
                    break;
                }
                int type = in.getShort(offset + 4) & 0xffff;
                int flags = in.getShort(offset + 6) & 0xffff;
                if (in.getInt(offset + 8) == seq) {
                    if ((flags & NLM_F_DUMP_INTR) != 0) {
                        consistent = false;
                    }
                    if (type == NLMSG_ERROR) {
                        int error = -in.getInt(offset + Message.HEADER);
                        if (error == 0) {
                            return consistent;
                        }
                        if (error == absent) {
                            return false;
                        }
                        throw Native.error(error, operation, extendedAck(offset, length, flags));
                    } else if (type == NLMSG_DONE) {
                        int error = length >= Message.HEADER + 4 ? -in.getInt(offset + Message.HEADER) : 0;
                        if (error > 0) {
                            throw Native.error(error, operation, null);
                        }
                        return consistent;
                    } else if (type != NLMSG_NOOP) {
                        reply.accept(in, offset, length);
                        if (!untilEnd && (flags & NLM_F_MULTI) == 0) {
                            return consistent;
                        }
                    }
                }
                offset += Attributes.align(length);
            }
        }
    }

    /** The NLMSGERR_ATTR_MSG of an error reply, if the kernel attached one. */
    private String extendedAck(int offset, int length, int flags) {
        if ((flags & NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        int request = offset + Message.HEADER + 4;
        int tlvs = (flags & NLM_F_CAPPED) != 0
                ? request + Message.HEADER
                : request + Attributes.align(in.getInt(request));
        Attributes attributes = new Attributes(in, tlvs, offset + length);
        while (attributes.next()) {
            if (attributes.type() == NLMSGERR_ATTR_MSG) {
                String text = attributes.string();
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                LIBC.close(fd);
            }
        } finally {
            lock.unlock();
        }
    }
}
