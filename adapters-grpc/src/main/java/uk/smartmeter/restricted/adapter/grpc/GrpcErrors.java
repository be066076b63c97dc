package uk.smartmeter.restricted.adapter.grpc;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import uk.smartmeter.restricted.application.input.FieldViolation;
import uk.smartmeter.restricted.application.input.InvalidRequest;
import uk.smartmeter.restricted.application.input.MalformedDocument;
import uk.smartmeter.restricted.application.input.PayloadTooLarge;

/**
 * How the gate's refusals travel over gRPC. A broken rule is INVALID_ARGUMENT with a {@code google.rpc.BadRequest}
 * naming each field and rule (the HTTP API's 422 and 400); a document over its limit is RESOURCE_EXHAUSTED (413); a
 * failure of the service itself is INTERNAL with no detail of it (the log has it), never a stack trace.
 */
final class GrpcErrors {

    private static final System.Logger LOG = System.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {
    }

    static StatusRuntimeException of(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof InvalidRequest invalid) {
            return badRequest(invalid.violations());
        }
        if (failure instanceof MalformedDocument malformed) {
            return badRequest(List.of(new FieldViolation(malformed.field(), malformed.rule())));
        }
        if (failure instanceof PayloadTooLarge tooLarge) {
            return Status.RESOURCE_EXHAUSTED.withDescription(tooLarge.getMessage()).asRuntimeException();
        }
        LOG.log(System.Logger.Level.ERROR, "a gRPC gate call failed", failure);
        return Status.INTERNAL.withDescription("the gate could not answer; the request was not decided")
                .asRuntimeException();
    }

    static StatusRuntimeException badRequest(List<FieldViolation> violations) {
        BadRequest.Builder details = BadRequest.newBuilder();
        for (FieldViolation violation : violations) {
            details.addFieldViolations(BadRequest.FieldViolation.newBuilder().setField(violation.field())
                    .setDescription(violation.rule()));
        }
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE)
                .setMessage("the request breaks " + violations.size()
                        + (violations.size() == 1 ? " rule: " : " rules: ") + violations)
                .addDetails(com.google.protobuf.Any.pack(details.build())).build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
