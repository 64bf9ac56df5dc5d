package dev.l4lab.probe.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Requests that do not parse are INVALID_ARGUMENT, not INTERNAL. gRPC's protobuf marshaller throws
 * INTERNAL on bytes that are not a valid message, and the transport answers with whatever status it maps
 * that to. So every method is re-bound with a marshaller that never throws: a malformed request (or one
 * with fields this service does not know, which includes known fields sent with the wrong wire type)
 * becomes the message's default instance marked in an unknown field that only this class writes, and the
 * call is closed with INVALID_ARGUMENT naming the body before the service sees it.
 */
final class StrictRequests {

    /** The highest field number protobuf allows; never a real field here. */
    static final int MARK = 536_870_911;

    private StrictRequests() {
    }

    static ServerServiceDefinition wrap(ServerServiceDefinition definition, Consumer<String> onRefused) {
        ServiceDescriptor service = definition.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(service.getName())
                .setSchemaDescriptor(service.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> wrapped = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : definition.getMethods()) {
            ServerMethodDefinition<?, ?> w = strict(m, onRefused);
            wrapped.add(w);
            descriptor.addMethod(w.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder methods = ServerServiceDefinition.builder(descriptor.build());
        for (ServerMethodDefinition<?, ?> w : wrapped) {
            methods.addMethod(w);
        }
        return methods.build();
    }

    @SuppressWarnings("unchecked")
    private static <Q, R> ServerMethodDefinition<Q, R> strict(ServerMethodDefinition<Q, R> m, Consumer<String> onRefused) {
        MethodDescriptor<Q, R> original = m.getMethodDescriptor();
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<Q>) original.getRequestMarshaller())
                .getMessagePrototype();
        MethodDescriptor<Q, R> method = original.toBuilder()
                .setRequestMarshaller(new Marshaller<>(original.getRequestMarshaller(), prototype)).build();
        ServerCallHandler<Q, R> handler = m.getServerCallHandler();
        return ServerMethodDefinition.create(method, (call, headers) -> new Checked<>(handler.startCall(call, headers), call,
                () -> onRefused.accept(original.getBareMethodName())));
    }

    /** Parses like gRPC's marshaller, but marks instead of throwing. */
    private static final class Marshaller<Q> implements MethodDescriptor.PrototypeMarshaller<Q> {
        private final MethodDescriptor.Marshaller<Q> delegate;
        private final Message prototype;

        Marshaller(MethodDescriptor.Marshaller<Q> delegate, Message prototype) {
            this.delegate = delegate;
            this.prototype = prototype;
        }

        @Override
        public InputStream stream(Q value) {
            return delegate.stream(value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Q parse(InputStream stream) {
            try {
                Q parsed = delegate.parse(stream);
                UnknownFieldSet unknown = ((Message) parsed).getUnknownFields();
                if (unknown.asMap().isEmpty()) {
                    return parsed;
                }
                return (Q) marked("unknown field " + unknown.asMap().keySet().iterator().next()
                        + " (not in probe.proto, or a known field sent with the wrong wire type)");
            } catch (StatusRuntimeException e) {
                Throwable cause = e.getCause();
                return (Q) marked("malformed protobuf" + (cause instanceof InvalidProtocolBufferException
                        ? ": " + cause.getMessage() : ""));
            }
        }

        private Message marked(String why) {
            return prototype.toBuilder().setUnknownFields(UnknownFieldSet.newBuilder().addField(MARK,
                    UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(why)).build()).build())
                    .build();
        }

        @Override
        public Q getMessagePrototype() {
            return ((MethodDescriptor.PrototypeMarshaller<Q>) delegate).getMessagePrototype();
        }

        @Override
        public Class<Q> getMessageClass() {
            return ((MethodDescriptor.PrototypeMarshaller<Q>) delegate).getMessageClass();
        }
    }

    /** Closes the call with INVALID_ARGUMENT on a marked request; the service never sees it. */
    private static final class Checked<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private final Runnable refused;
        private boolean closed;

        Checked(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, Runnable refused) {
            super(delegate);
            this.call = call;
            this.refused = refused;
        }

        @Override
        public void onMessage(Q message) {
            if (closed) {
                return;
            }
            UnknownFieldSet.Field mark = ((Message) message).getUnknownFields().getField(MARK);
            if (!mark.getLengthDelimitedList().isEmpty()) {
                closed = true;
                refused.run();
                call.close(Status.INVALID_ARGUMENT.withDescription("body: " + mark.getLengthDelimitedList().get(0)
                        .toString(StandardCharsets.UTF_8)), new Metadata());
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!closed) {
                super.onHalfClose();
            }
        }
    }
}
