package io.sac4j.gym;

/**
 * The address of an environment server as users write it, {@code HOST:PORT}: {@code 127.0.0.1:50051},
 * {@code node7:50051}, {@code [::1]:50051} for IPv6 (the brackets are not part of the host).
 *
 * @param host a host name or an address, without brackets
 * @param port 1..65535
 */
record HostPort(String host, int port) {
    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming {@code text} when it is not {@code HOST:PORT} with a port in 1..65535
     */
    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("env server '" + text + "' is not HOST:PORT with a port in 1..65535");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
