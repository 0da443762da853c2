package dev.parley.server.webhook;

import java.util.Map;

/**
 * One event to send, in TRTC's callback format: its group ({@code EventGroupId}), type ({@code EventType}) and
 * {@code EventInfo} fields, taken when it happened. {@code CallbackTs} is added at each sending.
 */
record CallbackEvent(int group, int type, Map<String, Object> info) {
    /** TRTC's {@code EVENT_GROUP_ROOM}. */
    static final int GROUP_ROOM = 1;
    /** TRTC's {@code EVENT_GROUP_MEDIA}. */
    static final int GROUP_MEDIA = 2;

    static final int CREATE_ROOM = 101;
    static final int DISMISS_ROOM = 102;
    static final int ENTER_ROOM = 103;
    static final int EXIT_ROOM = 104;
    static final int CHANGE_ROLE = 105;
    static final int START_VIDEO = 201;
    static final int STOP_VIDEO = 202;
    static final int START_AUDIO = 203;
    static final int STOP_AUDIO = 204;
    static final int START_ASSIT = 205;
    static final int STOP_ASSIT = 206;
}
