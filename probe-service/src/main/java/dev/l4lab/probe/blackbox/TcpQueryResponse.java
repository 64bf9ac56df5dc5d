package dev.l4lab.probe.blackbox;

import com.google.re2j.Matcher;
import dev.l4lab.probe.config.ProbeConfig.QueryResponse;
import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.input.Expect;
import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.net.SelfConnect;
import dev.l4lab.probe.tcp.TcpConnector;
import dev.l4lab.probe.v1.PortState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The exporter's tcp prober: connect, then each query_response step in order: "expect" reads lines
 * until one matches (EOF first: the regex failed; the deadline first: a timeout), "send" writes the line
 * plus "\n" with $1 / ${name} taken from the step's match. On the event loop; the regex runs on a
 * matcher thread. Bounded like Go's bufio.Scanner (a line is at most 64 KiB) and, beyond the exporter,
 * in total: at most {@link #MAX_READ} bytes are read.
 */
final class TcpQueryResponse {

    static final int MAX_LINE = 64 * 1024;
    static final int MAX_READ = 256 * 1024;
    private static final String CALLER = "tcp.go";

    private final Vertx vertx;
    private final BlockingExecutor executor;
    private final List<QueryResponse> steps;
    private final ProbeReport report;
    private final long deadlineNanos;
    private final UniEmitter<? super ProbeReport> em;
    private final Context context;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private TcpConnector connector;
    private NetSocket socket;
    private long timer = -1;
    private int step;
    private int bytesRead;
    private boolean eof;
    private int loggedStep = -1;
    private boolean matching;
    private boolean done;
    private long queryStart;

    private TcpQueryResponse(Vertx vertx, BlockingExecutor executor, List<QueryResponse> steps, ProbeReport report,
                             long deadlineNanos, UniEmitter<? super ProbeReport> em, Context context) {
        this.vertx = vertx;
        this.executor = executor;
        this.steps = steps;
        this.report = report;
        this.deadlineNanos = deadlineNanos;
        this.em = em;
        this.context = context;
    }

    static Uni<ProbeReport> run(Vertx vertx, BlockingExecutor executor, InetAddress address, int port,
                                List<QueryResponse> steps, ProbeReport report, long deadlineNanos) {
        return Uni.createFrom().emitter(em -> {
            Context context = vertx.getOrCreateContext();
            TcpQueryResponse run = new TcpQueryResponse(vertx, executor, steps, report, deadlineNanos, em, context);
            context.runOnContext(v -> run.connect(address, port));
        });
    }

    private long remainingMs() {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    }

    private void connect(InetAddress address, int port) {
        report.log.info(CALLER, "Dialing TCP without TLS");
        connector = new TcpConnector(vertx, (int) Math.min(Integer.MAX_VALUE, remainingMs()));
        long start = System.nanoTime();
        connector.connect(address, port).onComplete(ar -> {
            report.phases.put("connect", (System.nanoTime() - start) / 1e9);
            if (ar.failed()) {
                ConnectError error = ConnectError.classify(ar.cause());
                report.state = error.state;
                report.log.error(CALLER, "Error dialing TCP", "err", ConnectError.describe(ar.cause()));
                finish(error.reason);
                return;
            }
            socket = ar.result();
            if (TcpConnector.isSelfConnect(socket)) {
                report.state = PortState.CLOSED;
                report.log.error(CALLER, "Error dialing TCP", "err", SelfConnect.ERROR);
                finish(FailureReason.REFUSED);
                return;
            }
            report.state = PortState.OPEN;
            report.log.info(CALLER, "Successfully dialed");
            queryStart = System.nanoTime();
            timer = vertx.setTimer(remainingMs(), id -> {
                report.log.error(CALLER, "Error reading from connection", "err", "i/o timeout");
                finish(FailureReason.TIMEOUT);
            });
            socket.handler(this::received);
            socket.endHandler(v -> {
                eof = true;
                flushPartial();
                nextStepOrLine();
            });
            socket.exceptionHandler(t -> {
                ConnectError error = ConnectError.classify(t);
                report.log.error(CALLER, "Error reading from connection", "err", ConnectError.describe(t));
                finish(error == ConnectError.ECONNRESET ? FailureReason.RESET : error.reason);
            });
            nextStepOrLine();
        });
    }

    private void received(Buffer buf) {
        if (done) {
            return;
        }
        bytesRead += buf.length();
        if (bytesRead > MAX_READ) {
            report.log.error(CALLER, "Error reading from connection", "err", "read more than " + MAX_READ
                    + " bytes without finishing the query_response steps");
            finish(FailureReason.OTHER);
            return;
        }
        for (int i = 0; i < buf.length(); i++) {
            byte b = buf.getByte(i);
            if (b == '\n') {
                byte[] line = partial.toByteArray();
                int len = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
                lines.addLast(new String(line, 0, len, StandardCharsets.ISO_8859_1));
                partial.reset();
            } else if (partial.size() >= MAX_LINE) {
                report.log.error(CALLER, "Error reading from connection", "err", "bufio.Scanner: token too long");
                finish(FailureReason.OTHER);
                return;
            } else {
                partial.write(b);
            }
        }
        nextStepOrLine();
    }

    /** Go's ScanLines returns a last line without "\n" at EOF. */
    private void flushPartial() {
        if (partial.size() > 0) {
            byte[] line = partial.toByteArray();
            int len = line[line.length - 1] == '\r' ? line.length - 1 : line.length;
            lines.addLast(new String(line, 0, len, StandardCharsets.ISO_8859_1));
            partial.reset();
        }
    }

    /** Runs steps until one has to wait for a line (or a match in flight). */
    private void nextStepOrLine() {
        while (!done && !matching) {
            if (step >= steps.size()) {
                report.success = true;
                finish(null);
                return;
            }
            QueryResponse qr = steps.get(step);
            if (loggedStep != step) {
                report.log.info(CALLER, "Processing query response entry", "entry_number", step);
                loggedStep = step;
            }
            if (qr.expect().isEmpty()) {
                send(qr, null);
                step++;
                continue;
            }
            if (lines.isEmpty()) {
                if (eof) {
                    report.failedDueToRegex = true;
                    report.log.error(CALLER, "Regexp did not match", "regexp", qr.expect().get().pattern(), "line", "");
                    finish(FailureReason.REGEX);
                }
                return; // wait for more bytes
            }
            String line = lines.pollFirst();
            report.log.debug(CALLER, "Read line", "line", line);
            match(qr, qr.expect().get(), line);
            return;
        }
    }

    private void match(QueryResponse qr, Expect expect, String line) {
        matching = true;
        executor.match(() -> {
            Matcher m = expect.matcher(line);
            return m.find() ? m : null;
        }).subscribe().with(m -> context.runOnContext(v -> matched(qr, expect, line, m)),
                failure -> context.runOnContext(v -> {
                    report.log.error(CALLER, "Error matching", "err", String.valueOf(failure.getMessage()));
                    finish(FailureReason.OTHER);
                }));
    }

    private void matched(QueryResponse qr, Expect expect, String line, Matcher m) {
        matching = false;
        if (done) {
            return;
        }
        if (m != null) {
            report.log.info(CALLER, "Regexp matched", "regexp", expect.pattern(), "line", line);
            send(qr, m);
            step++;
        }
        nextStepOrLine();
    }

    private void send(QueryResponse qr, Matcher m) {
        if (qr.send().isEmpty() || qr.send().get().isEmpty()) {
            return;
        }
        String text = m == null ? qr.send().get() : GoExpand.expand(qr.send().get(), m);
        report.log.debug(CALLER, "Sending line", "line", text);
        socket.write(Buffer.buffer((text + "\n").getBytes(StandardCharsets.ISO_8859_1)));
    }

    private void finish(FailureReason failure) {
        if (done) {
            return;
        }
        done = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (queryStart > 0) {
            report.phases.put("query", (System.nanoTime() - queryStart) / 1e9);
        }
        if (socket != null) {
            socket.close();
        }
        if (connector != null) {
            connector.close();
        }
        if (failure != null) {
            report.fail(failure);
        }
        em.complete(report);
    }
}
