// Vite / Vitest load a file as text with the ?raw suffix; shared/ has no fs, so tests read data this way.
declare module '*?raw' {
  const text: string;
  export default text;
}
