import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { TokenVault } from '../services/tokenVault';

interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Keeps the hub token encrypted with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Where the OS offers
 * no secure store (or Linux falls back to 'basic_text'), the token is kept in memory only and the UI says so.
 */
export class SafeStorageTokenVault implements TokenVault {
  readonly secure: boolean;
  readonly description: string;
  private memory: string | null = null;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly file: string,
  ) {
    const backend = safeStorage.getSelectedStorageBackend?.();
    this.secure = safeStorage.isEncryptionAvailable() && backend !== 'basic_text';
    this.description = this.secure
      ? 'encrypted with the operating system key store'
      : 'no secure key store on this system: the token is kept in memory only; sign in again after a restart';
  }

  load(): string | null {
    if (!this.secure) return this.memory;
    if (!existsSync(this.file)) return null;
    try {
      return this.safeStorage.decryptString(readFileSync(this.file));
    } catch {
      return null;
    }
  }

  save(token: string): void {
    if (!this.secure) {
      this.memory = token;
      return;
    }
    writeFileSync(this.file, this.safeStorage.encryptString(token), { mode: 0o600 });
  }

  clear(): void {
    this.memory = null;
    rmSync(this.file, { force: true });
  }
}
