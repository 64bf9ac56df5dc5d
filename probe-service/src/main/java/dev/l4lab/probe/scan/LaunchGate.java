package dev.l4lab.probe.scan;

/** What a sweep lane asks before it opens its next socket. */
interface LaunchGate {

    /** The stream is over (cancelled, stalled or failed): close everything and stop. */
    boolean stopped();

    /** Takes one of the scan sockets when the client can take more results; false: not now. */
    boolean tryLaunch();

    /** Gives a socket back (its port has its result). */
    void closed();

    /** Nothing is in flight and {@link #tryLaunch()} said no: wait a little for room or a free socket. */
    void idle() throws InterruptedException;
}
