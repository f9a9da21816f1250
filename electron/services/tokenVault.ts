/**
 * Where the hub token is kept between runs. In Electron it is encrypted with safeStorage (OS keychain); the browser-mode
 * host keeps it in memory only. A vault that cannot store securely says so (`secure: false`) instead of writing plain text.
 */
export interface TokenVault {
  readonly secure: boolean;
  readonly description: string;
  load(): string | null;
  save(token: string): void;
  clear(): void;
}

export class MemoryTokenVault implements TokenVault {
  readonly secure = false;
  readonly description = 'memory only: sign in again after a restart';
  private token: string | null = null;
  load() {
    return this.token;
  }
  save(token: string) {
    this.token = token;
  }
  clear() {
    this.token = null;
  }
}
