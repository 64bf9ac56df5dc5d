package dev.l4lab.lb.balance;

/** What an algorithm needs to know about a backend. */
public interface Candidate {

    /** Stable id ("host:port"): hashing algorithms sort and hash by it. */
    String name();

    int weight();

    long activeConnections();
}
