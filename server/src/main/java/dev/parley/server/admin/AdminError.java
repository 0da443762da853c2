package dev.parley.server.admin;

/**
 * A refused admin request: Tencent Cloud API 3.0's error code (what a TRTC backend already switches on),
 * the HTTP status, and a message that says what to fix.
 */
final class AdminError extends Exception {
    private static final long serialVersionUID = 1L;

    static final String INVALID_AUTHORIZATION = "AuthFailure.InvalidAuthorization";
    static final String SIGNATURE_FAILURE = "AuthFailure.SignatureFailure";
    static final String SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire";
    static final String INVALID_ACTION = "InvalidAction";
    static final String UNSUPPORTED_OPERATION = "UnsupportedOperation";
    static final String INVALID_PARAMETER = "InvalidParameter";
    static final String MISSING_PARAMETER = "MissingParameter";
    static final String ROOM_NOT_EXIST = "FailedOperation.RoomNotExist";
    static final String INTERNAL_ERROR = "InternalError";

    private final int status;
    private final String code;

    AdminError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static AdminError badRequest(String code, String message) {
        return new AdminError(400, code, message);
    }

    static AdminError unauthorized(String code, String message) {
        return new AdminError(401, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
