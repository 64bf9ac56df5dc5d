package dev.l4lab.lb.tcp;

/** The two sockets of a proxied connection. */
enum Side {
    CLIENT, SERVER;

    Side other() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
