export { AesGcmSecretBox, keyId } from './aes-gcm-box.js';
export { loadOrCreateSecretKey, type LoadedKey, type SecretKeySource } from './secret-key.js';
export {
  KeyringSecretBox,
  previousKeysFile,
  readKeyring,
  retirePreviousKeys,
  rotateKeyFile,
  sealedKeyId,
  type Keyring,
  type KeyringBoxOptions,
} from './keyring.js';
export {
  resealAll,
  type PassReport,
  type ResealOptions,
  type ResealReport,
  type RotatingBox,
} from './reseal.js';
