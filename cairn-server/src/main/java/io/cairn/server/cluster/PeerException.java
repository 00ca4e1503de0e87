package io.cairn.server.cluster;

/** Another node answered, but not with success: its status and body say why. */
public final class PeerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String body;

    public PeerException(String address, int status, String body) {
        super(address + " answered " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
