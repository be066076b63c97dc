package uk.smartmeter.restricted.bootstrap.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a local port in front of 127.0.0.1:{@code targetPort} (PostgreSQL), with faults switched at run time:
 * <ul>
 *   <li>{@link Mode#PASS}: bytes are forwarded both ways.</li>
 *   <li>{@link Mode#BLACKHOLE}: a network partition. Connections are still accepted (and connected upstream), but
 *   nothing is forwarded in either direction, on open and new connections alike: each direction's bytes are read and
 *   held, and once its one buffer is held the socket is no longer read, so the kernel's buffers fill and the sender
 *   stalls as on a dead link. Nothing is answered and nothing is closed.</li>
 *   <li>{@link Mode#CUT}: the database is gone. Every open connection is reset now (RST, SO_LINGER 0), and every new
 *   one is reset as soon as it is accepted.</li>
 * </ul>
 * Back to PASS, new connections are forwarded again. A connection that lived through a blackhole is <b>kept</b>: its
 * held bytes are delivered and forwarding resumes, as TCP's retransmission does when a partition heals within its
 * retry time (a peer that gave up meanwhile has closed its side, and the proxy then closes the other).
 *
 * <p>Plain blocking java.net: one thread accepts, two per connection pump.
 */
final class TcpProxy implements AutoCloseable {

    enum Mode { PASS, BLACKHOLE, CUT }

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object modeChange = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong reset = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "tcp-proxy-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    Mode mode() {
        return mode;
    }

    void mode(Mode next) {
        synchronized (modeChange) {
            mode = next;
            modeChange.notifyAll();
        }
        if (next == Mode.CUT) {
            links.forEach(Link::reset);
        }
    }

    int openConnections() {
        return links.size();
    }

    String stats() {
        return "accepted=" + accepted.get() + " reset=" + reset.get() + " open=" + links.size() + " bytes=" + bytes.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (modeChange) {
            modeChange.notifyAll();
        }
        links.forEach(Link::reset);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException stopped) {
                return;
            }
            accepted.incrementAndGet();
            if (mode == Mode.CUT) {
                abort(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            } catch (IOException unreachable) {
                abort(client);
                abort(upstream);
                continue;
            }
            Link link = new Link(client, upstream);
            links.add(link);
            if (mode == Mode.CUT) {
                link.reset();
                continue;
            }
            threads.execute(() -> pump(link, client, upstream));
            threads.execute(() -> pump(link, upstream, client));
        }
    }

    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitPass(link)) {
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
                bytes.addAndGet(n);
            }
        } catch (IOException gone) {
            // one side closed or was reset: the other goes too
        } finally {
            link.close();
        }
    }

    /** Holds the caller while the proxy is a blackhole; false when the link is to end instead. */
    private boolean awaitPass(Link link) {
        synchronized (modeChange) {
            while (mode == Mode.BLACKHOLE && !link.ended.get() && !closed) {
                try {
                    modeChange.wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return mode == Mode.PASS && !link.ended.get() && !closed;
        }
    }

    private void abort(Socket socket) {
        reset.incrementAndGet();
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed
        }
    }

    private final class Link {
        private final Socket client;
        private final Socket upstream;
        private final AtomicBoolean ended = new AtomicBoolean();

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void reset() {
            if (ended.compareAndSet(false, true)) {
                abort(client);
                abort(upstream);
                links.remove(this);
                synchronized (modeChange) {
                    modeChange.notifyAll();
                }
            }
        }

        void close() {
            if (ended.compareAndSet(false, true)) {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closed
                }
                try {
                    upstream.close();
                } catch (IOException ignored) {
                    // closed
                }
                links.remove(this);
                synchronized (modeChange) {
                    modeChange.notifyAll();
                }
            }
        }
    }
}
