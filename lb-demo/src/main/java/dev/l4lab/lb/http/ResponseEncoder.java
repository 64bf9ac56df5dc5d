package dev.l4lab.lb.http;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told when the response answers a HEAD: its body is then empty whatever its framing
 * headers say ({@code HttpServerCodec} learns this from its own decoder; ours is a {@link RequestDecoder}).
 */
final class ResponseEncoder extends HttpResponseEncoder {

    private boolean answeringHead;

    void answering(boolean head) {
        answeringHead = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        return answeringHead || super.isContentAlwaysEmpty(msg);
    }
}
