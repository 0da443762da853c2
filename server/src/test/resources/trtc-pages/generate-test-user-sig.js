/*
 * Stand-in for a TRTC demo page's js/debug/GenerateTestUserSig.js: the one file Tencent's demos ask whoever
 * deploys them to edit (its SDKAPPID and SECRETKEY). Written for Parley's TrtcPagesIT, which fills in the
 * test server's app (@SDK_APP_ID@ and @SECRET_KEY@ are replaced when served). Same API as the demos':
 * genTestUserSig(userID) → { sdkAppId, userSig }, the UserSig from LibGenerateTestUserSig (our stand-in
 * lib-generate-test-usersig.js).
 */
function genTestUserSig(userID) {
  const SDKAPPID = @SDK_APP_ID@;
  const SECRETKEY = '@SECRET_KEY@';
  const EXPIRETIME = 604800;
  const generator = new LibGenerateTestUserSig(SDKAPPID, SECRETKEY, EXPIRETIME);
  return { sdkAppId: SDKAPPID, userSig: generator.genTestUserSig(userID) };
}
