package uk.smartmeter.restricted.adapter.grpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request that is not a well-formed message of its type (truncated, or a string that is not UTF-8) reaches the
 * service as a marker of its type instead of failing inside grpc-java, which would answer UNKNOWN and log a stack
 * trace. The service then refuses it as it refuses any broken rule: INVALID_ARGUMENT, or an error line on a stream.
 */
final class MalformedMessages {

    private static final Map<Class<?>, Object> MARKERS = new ConcurrentHashMap<>();

    private MalformedMessages() {
    }

    /** Whether the request is the marker of a message that could not be read. */
    static boolean malformed(Object request) {
        return request != null && MARKERS.get(request.getClass()) == request;
    }

    /** The service with every method's requests read this way. */
    static ServerServiceDefinition lenient(ServerServiceDefinition service) {
        java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
        io.grpc.ServiceDescriptor.Builder descriptor = io.grpc.ServiceDescriptor.newBuilder(
                service.getServiceDescriptor().getName())
                .setSchemaDescriptor(service.getServiceDescriptor().getSchemaDescriptor());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> read = lenient(method);
            methods.add(read);
            descriptor.addMethod(read.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    private static <Q, A> ServerMethodDefinition<Q, A> lenient(ServerMethodDefinition<Q, A> method) {
        MethodDescriptor<Q, A> descriptor = method.getMethodDescriptor();
        MethodDescriptor.Marshaller<Q> strict = descriptor.getRequestMarshaller();
        if (!(strict instanceof MethodDescriptor.PrototypeMarshaller<Q> prototypes)
                || !(prototypes.getMessagePrototype() instanceof Message prototype)) {
            return method;
        }
        @SuppressWarnings("unchecked")
        Q marker = (Q) MARKERS.computeIfAbsent(prototype.getClass(), type -> prototype.newBuilderForType().build());
        MethodDescriptor.Marshaller<Q> lenient = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return strict.stream(value);
            }

            @Override
            public Q parse(InputStream stream) {
                try {
                    return strict.parse(stream);
                } catch (RuntimeException malformed) {
                    return marker;
                }
            }
        };
        return ServerMethodDefinition.create(descriptor.toBuilder(lenient, descriptor.getResponseMarshaller()).build(),
                method.getServerCallHandler());
    }
}
