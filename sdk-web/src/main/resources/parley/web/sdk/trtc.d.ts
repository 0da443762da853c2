// Type definitions for the Parley Web SDK (trtc.js): the TRTC Web SDK v4 API on a Parley server.
// Served at /sdk/trtc.d.ts. Full reference with every event: docs/WEB-SDK.md.
// Checked against the SDK's modules by `tsc` in its build (sdk-web/src/test/types/): the same API,
// and the same events (sdk-web/src/main/js/events.js) with the payloads the SDK emits.

declare namespace TRTC {
  const VERSION: string;

  // ── errors ────────────────────────────────────────────────────────────────────────────────

  const ErrorCode: {
    readonly INVALID_PARAMETER: 0x1000;
    readonly INVALID_OPERATION: 0x1001;
    readonly NOT_SUPPORTED: 0x1002;
    readonly DEVICE_NOT_FOUND: 0x1003;
    /** LocalStream.initialize(): a device would not start (NotReadableError, AbortError, …). */
    readonly INITIALIZE_FAILED: 0x1004;
    readonly SIGNAL_CHANNEL_SETUP_FAILED: 0x4001;
    readonly SIGNAL_CHANNEL_ERROR: 0x4002;
    readonly ICE_TRANSPORT_ERROR: 0x4003;
    readonly JOIN_ROOM_FAILED: 0x4004;
    readonly CREATE_OFFER_FAILED: 0x4005;
    readonly SIGNAL_CHANNEL_RECONNECTION_FAILED: 0x4006;
    readonly UPLINK_RECONNECTION_FAILED: 0x4007;
    readonly DOWNLINK_RECONNECTION_FAILED: 0x4008;
    readonly REMOTE_STREAM_NOT_EXIST: 0x4010;
    readonly CLIENT_BANNED: 0x4040;
    readonly SERVER_TIMEOUT: 0x4041;
    readonly SUBSCRIPTION_TIMEOUT: 0x4042;
    readonly PLAY_NOT_ALLOWED: 0x4043;
    readonly DEVICE_AUTO_RECOVER_FAILED: 0x4044;
    /** startPublishCDNStream(): always, on Parley (no CDN relay). */
    readonly START_PUBLISH_CDN_FAILED: 0x4045;
    readonly STOP_PUBLISH_CDN_FAILED: 0x4046;
    /** startMixTranscode(): always, on Parley (no mix transcoding). */
    readonly START_MIX_TRANSCODE_FAILED: 0x4047;
    readonly STOP_MIX_TRANSCODE_FAILED: 0x4048;
    /** sendSEIMessage(): this browser cannot encode H.264. */
    readonly NOT_SUPPORTED_H264: 0x4049;
    /** switchRole() refused (by the server, or the unpublish before becoming audience failed). */
    readonly SWITCH_ROLE_FAILED: 0x404a;
    readonly API_CALL_TIMEOUT: 0x404b;
    readonly UNKNOWN: 0xffff;
  };

  class RtcError extends Error {
    constructor(options: { code?: number; message?: string; name?: string; extraCode?: number; cause?: unknown });
    /** One of TRTC.ErrorCode. */
    readonly code: number;
    /** 0 when there is none. */
    readonly extraCode: number;
    /**
     * Parley: a server refusal's machine-readable reason ('rate-limited', 'busy', 'overloaded', 'draining',
     * 'session-unknown', …), when it gave one.
     */
    readonly reason?: string;
    /** Parley: how long the server asked to wait before trying again, when it said. */
    readonly retryAfterSeconds?: number;
    /** v4's field names: the same code, message and extra code. */
    readonly code_: number;
    readonly message_: string;
    readonly extraCode_: number;
    /** 'RtcError', or the browser's DOMException name for device errors (e.g. 'NotAllowedError'). */
    name: string;
    getCode(): number;
    getExtraCode(): number;
    /** "RtcError: <message> <0xCODE>" */
    toString(): string;
  }

  /** 'client-banned': why the server removed this client. Parley's server says 'kick' (another client joined with the same userId). */
  interface BannedEvent {
    reason: 'kick' | 'banned' | 'room-disband';
    message: string;
  }

  // ── logging ───────────────────────────────────────────────────────────────────────────────

  namespace Logger {
    const LogLevel: { readonly TRACE: 0; readonly DEBUG: 1; readonly INFO: 2; readonly WARN: 3; readonly ERROR: 4; readonly NONE: 5 };
    function setLogLevel(level: number | 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'NONE'): void;
    function getLogLevel(): number;
    /** No-op: Parley never uploads logs. */
    function enableUploadLog(): void;
    function disableUploadLog(): void;
  }

  // ── factory functions ─────────────────────────────────────────────────────────────────────

  type Mode = 'rtc' | 'videoCall' | 'live';
  type Role = 'anchor' | 'audience';

  interface ClientConfig {
    mode: Mode;
    sdkAppId: number;
    /** 1-32 characters of A-Z a-z 0-9 _ - */
    userId: string;
    userSig: string;
    /** ws(s)://host/ws; default: the origin trtc.js was loaded from (ws for http, wss for https). */
    serverUrl?: string;
    /** Subscribe to every remote stream automatically after 'stream-added' (default true, as TRTC). */
    autoSubscribe?: boolean;
    /** Treat string room ids as string rooms (else a digit string is the numeric room). */
    useStringRoomId?: boolean;
    /** Show a "Click to play audio" button when the browser blocks autoplay (default true). */
    enableAutoPlayDialog?: boolean;
    /** Send and receive SEI messages (sendSEIMessage, 'sei-message'); the published camera video is then H.264. */
    enableSEI?: boolean;
    /** TRTC's CDN stream id: accepted and kept; Parley has no CDN relay. */
    streamId?: string;
    /** TRTC's cloud-recording id: accepted and kept; Parley has no cloud recording. */
    userDefineRecordId?: string;
    /** TRTC's audio-only CDN mode: accepted and kept; unused. */
    pureAudioPushMode?: 1 | 2;
  }

  /** setTurnServer's argument (v4's shape). */
  interface TurnServerConfig {
    url: string;
    username?: string;
    credential?: string;
    credentialType?: 'password';
  }

  interface StreamConfig {
    userId?: string;
    audio?: boolean;
    video?: boolean;
    cameraId?: string;
    microphoneId?: string;
    facingMode?: 'user' | 'environment';
    audioSource?: MediaStreamTrack;
    videoSource?: MediaStreamTrack;
    /** Capture the screen (getDisplayMedia) as the video. */
    screen?: boolean;
    /** With screen: also capture the shared tab's/system's audio. */
    screenAudio?: boolean;
    /** Mirror the local preview (default true for a camera, false for a screen). */
    mirror?: boolean;
  }

  interface SystemRequirements {
    result: boolean;
    detail: {
      isBrowserSupported: boolean;
      isWebRTCSupported: boolean;
      isMediaDevicesSupported: boolean;
      isH264EncodeSupported: boolean;
      isVp8EncodeSupported: boolean;
      isH264DecodeSupported: boolean;
      isVp8DecodeSupported: boolean;
    };
  }

  function createClient(config: ClientConfig): Client;
  function createStream(config: StreamConfig): LocalStream;
  function checkSystemRequirements(): Promise<SystemRequirements>;
  function isScreenShareSupported(): boolean;
  /** True where the browser can send rid simulcast (addTransceiver sendEncodings, RTCRtpSender.setParameters): Chromium, Firefox, Safari. */
  function isSmallStreamSupported(): boolean;
  function getDevices(): Promise<MediaDeviceInfo[]>;
  function getCameras(): Promise<MediaDeviceInfo[]>;
  function getMicrophones(): Promise<MediaDeviceInfo[]>;
  function getSpeakers(): Promise<MediaDeviceInfo[]>;

  // ── Client ────────────────────────────────────────────────────────────────────────────────

  type ConnectionState = 'DISCONNECTED' | 'CONNECTING' | 'RECONNECTING' | 'CONNECTED';

  interface RemoteMutedState {
    userId: string;
    hasAudio: boolean;
    hasVideo: boolean;
    audioMuted: boolean;
    videoMuted: boolean;
    /** The main stream is published with a small stream (two or more video layers). */
    hasSmall: boolean;
  }

  /** setSmallStreamProfile's argument: positive integers, bitrate in kbps. A field left out keeps its current value. */
  interface SmallStreamProfile {
    width?: number;
    height?: number;
    bitrate?: number;
    frameRate?: number;
  }

  type RemoteVideoStreamType = 'big' | 'small';

  interface NetworkQualityEvent {
    /** 0 unknown, 1 excellent, 2 good, 3 poor, 4 bad, 5 very bad, 6 disconnected */
    uplinkNetworkQuality: number;
    downlinkNetworkQuality: number;
    uplinkRTT: number;
    downlinkRTT: number;
    uplinkLoss: number;
    downlinkLoss: number;
  }

  /** RTTs in ms: the uplink's, and the downlink's per subscribed user (one downlink carries them all). */
  interface TransportStats {
    rtt: number;
    downlinksRTT: Record<string, number>;
  }
  interface LocalAudioStats {
    bytesSent: number;
    packetsSent: number;
  }
  interface LocalVideoStats {
    bytesSent: number;
    packetsSent: number;
    framesEncoded: number;
    framesSent: number;
    frameWidth: number;
    frameHeight: number;
    /** Parley addition: frames per second sent. */
    frameRate: number;
  }
  interface RemoteAudioStats {
    bytesReceived: number;
    packetsReceived: number;
    packetsLost: number;
  }
  interface RemoteVideoStats {
    bytesReceived: number;
    packetsReceived: number;
    packetsLost: number;
    framesDecoded: number;
    frameWidth: number;
    frameHeight: number;
    /** Parley addition: frames per second decoded. */
    frameRate: number;
  }

  /** Every event a Client emits, with what its handler receives (docs/WEB-SDK.md "Client events"). */
  interface ClientEventMap {
    'stream-added': { stream: RemoteStream };
    'stream-removed': { stream: RemoteStream };
    'stream-updated': { stream: RemoteStream };
    'stream-subscribed': { stream: RemoteStream };
    'peer-join': { userId: string };
    'peer-leave': { userId: string };
    'mute-audio': { userId: string; stream?: RemoteStream };
    'mute-video': { userId: string; stream?: RemoteStream };
    'unmute-audio': { userId: string; stream?: RemoteStream };
    'unmute-video': { userId: string; stream?: RemoteStream };
    'connection-state-changed': { prevState: ConnectionState; state: ConnectionState };
    'client-banned': BannedEvent;
    'network-quality': NetworkQualityEvent;
    /** Our published streams with audio first, then every subscribed remote stream with audio; audioVolume 0-100. */
    'audio-volume': { result: Array<{ userId: string; audioVolume: number; stream: LocalStream | RemoteStream }> };
    /** An SEI message in a remote user's H.264 video (createClient({enableSEI: true}) on both sides). */
    'sei-message': { userId: string; data: ArrayBuffer; seiPayloadType: 5 | 243 };
    error: RtcError;
  }

  interface Client {
    /** privateMapKey: TRTC's room-privilege key from the backend (genPrivateMapKey); the server enforces it. */
    join(options: { roomId: number | string; role?: Role; privateMapKey?: string }): Promise<void>;
    leave(): Promise<void>;
    /** isAuxiliary: publish as the user's auxiliary (screen-share) stream, next to the main one. */
    publish(stream: LocalStream, options?: { isAuxiliary?: boolean }): Promise<void>;
    /** Unpublishes whichever of the two (main, auxiliary) this stream is. */
    unpublish(stream: LocalStream): Promise<void>;
    subscribe(stream: RemoteStream, options?: { audio?: boolean; video?: boolean }): Promise<void>;
    unsubscribe(stream: RemoteStream): Promise<void>;
    /** 'live' mode only (elsewhere a no-op; before join it sets the next join's role). A refusal rejects SWITCH_ROLE_FAILED. */
    switchRole(role: Role): Promise<void>;
    /** Leaves (if joined), stops every timer, drops every handler; the client cannot join again. */
    destroy(): void;
    /** v4 before 4.8.2 (then createClient's autoSubscribe): true = remote streams are not received by default. */
    setDefaultMuteRemoteStreams(muted: boolean): void;
    /** From the next join(), signaling goes to this WebSocket proxy ('wss://proxy.example.com:443'; no path = '/ws'). */
    setProxyServer(url: string): void;
    /** TURN servers for every peer connection made afterwards, besides those the server hands out at join. */
    setTurnServer(config: TurnServerConfig | TurnServerConfig[]): void;
    /** 'updatePrivateMapKey' ({privateMapKey}): the next join's key, and applied now when joined. */
    callExperimentalAPI(name: 'updatePrivateMapKey', options: { privateMapKey: string }): Promise<void>;
    /**
     * Inserts an SEI message into the next frames of the published main video (H.264; createClient({enableSEI: true})).
     * At most 1000 bytes a message, 30 messages and 8000 bytes a second.
     */
    sendSEIMessage(buffer: ArrayBuffer, options?: { seiPayloadType?: 5 | 243 }): void;
    /** `context` is `this` in the handler. A handler that throws is logged and does not disturb the SDK. */
    on<K extends keyof ClientEventMap>(event: K, handler: (event: ClientEventMap[K]) => void, context?: unknown): void;
    /** off(event, handler) removes that handler; off(event) removes all handlers of the event. */
    off<K extends keyof ClientEventMap>(event: K, handler?: (event: ClientEventMap[K]) => void): void;
    /** Removes every handler of every event. */
    off(event: '*'): void;
    getRemoteMutedState(): RemoteMutedState[];
    getConnectionState(): ConnectionState;
    getTransportStats(): Promise<TransportStats>;
    /** The main stream's, keyed by our userId. */
    getLocalAudioStats(): Promise<Record<string, LocalAudioStats>>;
    /** The main stream's, keyed by our userId. */
    getLocalVideoStats(): Promise<Record<string, LocalVideoStats>>;
    /** Subscribed main streams, keyed by userId. */
    getRemoteAudioStats(): Promise<Record<string, RemoteAudioStats>>;
    /** Subscribed streams of that type (default 'main'), keyed by userId. `{type}` is accepted too. */
    getRemoteVideoStats(type?: 'main' | 'auxiliary' | { type?: 'main' | 'auxiliary' }): Promise<Record<string, RemoteVideoStats>>;
    /** Emits 'audio-volume' every intervalMs (default 2000; <= 0 turns it off); not while the page is hidden unless enableInBackground. */
    enableAudioVolumeEvaluation(intervalMs?: number, enableInBackground?: boolean): void;
    /**
     * Call before publish(): the main stream's video then goes out as a big and a small layer (rid
     * simulcast). After publish: resumes the small layer of a stream published with it; rejects
     * INVALID_OPERATION for one published without it (unpublish, enable, publish again). Rejects
     * NOT_SUPPORTED where isSmallStreamSupported() is false. Joining first is not needed.
     */
    enableSmallStream(): Promise<void>;
    /** Before publish: clears the setting. After publish: stops sending the small layer. */
    disableSmallStream(): Promise<void>;
    /**
     * Default {width: 160, height: 120, bitrate: 100, frameRate: 15}. Throws INVALID_PARAMETER naming a
     * bad field. Applies live to a stream published with the small layer.
     */
    setSmallStreamProfile(profile: SmallStreamProfile): void;
    /**
     * Which layer of that remote stream to receive; allowed before subscribe (applies when the
     * subscription starts). A stream without a small layer keeps coming big. Rejects INVALID_PARAMETER
     * for a bad type or stream, INVALID_OPERATION when not joined, the server's error otherwise
     * (e.g. REMOTE_STREAM_NOT_EXIST).
     */
    setRemoteVideoStreamType(stream: RemoteStream, type: RemoteVideoStreamType): Promise<void>;
    /** Parley offers no CDN relay: rejects START_PUBLISH_CDN_FAILED (stop: STOP_PUBLISH_CDN_FAILED). */
    startPublishCDNStream(options?: object): Promise<void>;
    stopPublishCDNStream(): Promise<void>;
    /** Parley offers no mix transcoding: rejects START_MIX_TRANSCODE_FAILED (stop: STOP_MIX_TRANSCODE_FAILED). */
    startMixTranscode(config?: object): Promise<void>;
    stopMixTranscode(): Promise<void>;
  }

  // ── Streams ───────────────────────────────────────────────────────────────────────────────

  interface PlayOptions {
    /** CSS object-fit of the video; default 'cover' ('contain' for screens). */
    objectFit?: 'contain' | 'cover' | 'fill' | 'none' | 'scale-down';
    /** Remote streams: mute the <audio> element. */
    muted?: boolean;
    mirror?: boolean;
  }

  interface PlayerStateEvent {
    type: 'audio' | 'video';
    state: 'PLAYING' | 'PAUSED' | 'STOPPED';
    reason: 'playing' | 'pause' | 'mute' | 'unmute' | 'ended';
  }

  /** Every event a stream emits, with what its handler receives (docs/WEB-SDK.md "Stream events"). */
  interface StreamEventMap {
    'player-state-changed': PlayerStateEvent;
    /** PLAY_NOT_ALLOWED (0x4043) when autoplay is blocked: call resume() from a click. */
    error: RtcError;
    /** LocalStream with screen:true: the user stopped sharing in the browser's UI. A published stream with nothing else live is then unpublished. */
    'screen-sharing-stopped': Record<string, never>;
    /** The media connection carrying the stream: a local stream's uplink once published, a remote stream's downlink once subscribed. */
    'connection-state-changed': { prevState: ConnectionState; state: ConnectionState };
    /** LocalStream: a camera or microphone that stopped by itself was captured again (else 'error' DEVICE_AUTO_RECOVER_FAILED). */
    'device-auto-recovered': { isCamera: boolean; isMicrophone: boolean; cameraId: string; microphoneId: string };
  }

  interface Stream {
    /** Renders into the element (id or element): a <div id="player_<id>"> with a <video> (and <audio> for remote streams). */
    play(elementId: string | HTMLElement, options?: PlayOptions): Promise<void>;
    stop(): void;
    resume(): Promise<void>;
    isPlaying(): boolean;
    getId(): string;
    getUserId(): string;
    /** Remote: the publisher's type. Local: 'auxiliary' while published with {isAuxiliary: true}, else 'main'. */
    getType(): 'main' | 'auxiliary';
    hasAudio(): boolean;
    hasVideo(): boolean;
    getAudioTrack(): MediaStreamTrack | null;
    getVideoTrack(): MediaStreamTrack | null;
    getMediaStream(): MediaStream;
    /** 0..1 */
    setAudioVolume(volume: number): void;
    setAudioOutput(deviceId: string): Promise<void>;
    /** 0..1 (local: Web Audio on the microphone; remote: RFC 6464 level if present, else Web Audio on the played track; 0 while muted by the publisher). */
    getAudioLevel(): number;
    /** PNG data URL of the current frame, null when no video plays. */
    getVideoFrame(): string | null;
    muteAudio(): boolean;
    muteVideo(): boolean;
    unmuteAudio(): boolean;
    unmuteVideo(): boolean;
    on<K extends keyof StreamEventMap>(event: K, handler: (event: StreamEventMap[K]) => void, context?: unknown): void;
    off<K extends keyof StreamEventMap>(event: K, handler?: (event: StreamEventMap[K]) => void): void;
    off(event: '*'): void;
  }

  /** v4's names (360p 800, 480p 900, 720p 1500 kbps …) and the lower-bitrate `_2` ones; another name logs a warning and '480p' is used. */
  type VideoProfileName = '120p' | '180p' | '240p' | '360p' | '480p' | '720p' | '1080p' | '1440p' | '4K'
    | '120p_2' | '180p_2' | '240p_2' | '360p_2' | '480p_2';
  type ScreenProfileName = '480p' | '480p_2' | '720p' | '720p_2' | '1080p' | '1080p_2';
  /** bitrate in kbps */
  interface CustomVideoProfile { width?: number; height?: number; frameRate?: number; bitrate?: number }
  type AudioProfileName = 'standard' | 'high' | 'standard-stereo' | 'high-stereo';

  interface LocalStream extends Stream {
    /** Captures the devices; rejects an RtcError whose name is the DOMException's ('NotAllowedError', 'NotFoundError', …). */
    initialize(): Promise<void>;
    close(): void;
    /** Local mute: track.enabled = false; tells the others when published. Returns false when there is no such track. */
    muteAudio(): boolean;
    muteVideo(): boolean;
    unmuteAudio(): boolean;
    unmuteVideo(): boolean;
    /** Never throws: an unknown name warns and uses '480p'; a malformed object rejects INVALID_PARAMETER. */
    setVideoProfile(profile: VideoProfileName | CustomVideoProfile): Promise<void>;
    setScreenProfile(profile: ScreenProfileName | CustomVideoProfile): Promise<void>;
    /** An unknown name warns and uses 'standard'; the bitrate applies live. */
    setAudioProfile(profile: AudioProfileName): Promise<void>;
    /** MediaStreamTrack.contentHint of the video (kept for tracks that replace it). */
    setVideoContentHint(hint: 'motion' | 'detail' | 'text'): void;
    /** Percent of the captured level that is published (100 = unchanged); false without audio or Web Audio. */
    setAudioCaptureVolume(volume: number): boolean;
    /** deviceId from getCameras()/getMicrophones(); for video also 'user' or 'environment' (front/rear camera). */
    switchDevice(type: 'audio' | 'video', deviceId: string | 'user' | 'environment'): Promise<void>;
    /** Adds the stream's missing audio or video track; on a published stream the uplink is renegotiated and subscribers get 'stream-updated'. */
    addTrack(track: MediaStreamTrack): Promise<void>;
    /** Removes a track; on a published stream the uplink is renegotiated and subscribers get 'stream-updated'. */
    removeTrack(track: MediaStreamTrack): Promise<void>;
    /** Same kind, works while published (no renegotiation). */
    replaceTrack(track: MediaStreamTrack): Promise<void>;
  }

  /** Remote streams: muteAudio/muteVideo only stop local playback; the publisher keeps sending. */
  interface RemoteStream extends Stream {
    /** Stops playing it here; the subscription stays (client.unsubscribe() ends it). */
    close(): void;
  }
}

export = TRTC;
export as namespace TRTC;
