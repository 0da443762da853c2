// Loaded into the demo page (index.html?mock=1) inside demo-e2e.html: use the parent's mock SFU.
window.WebSocket = window.parent.MockParley.FakeWebSocket;
