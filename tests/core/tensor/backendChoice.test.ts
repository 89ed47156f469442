import { describe, expect, it } from 'vitest';
import { defaultBackend, describeAdapter, isSoftwareAdapter } from '../../../src/core/tensor/backendChoice';

const swiftshader = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: false };
const nvidia = {
  vendor: 'nvidia',
  architecture: 'ampere',
  description: 'NVIDIA GeForce RTX 3080',
  isFallbackAdapter: false,
};

describe('backend choice', () => {
  it('uses WebGPU only on a real GPU', () => {
    expect(defaultBackend(nvidia)).toBe('webgpu');
    expect(defaultBackend(swiftshader)).toBe('wasm');
    expect(defaultBackend({ ...nvidia, isFallbackAdapter: true })).toBe('wasm');
    expect(defaultBackend(null)).toBe('wasm');
  });
  it('names software adapters as such', () => {
    expect(
      isSoftwareAdapter({
        vendor: 'mesa',
        architecture: '',
        description: 'llvmpipe (LLVM 15.0.6, 256 bits)',
        isFallbackAdapter: false,
      }),
    ).toBe(true);
    expect(describeAdapter(swiftshader)).toMatch(/software/);
    expect(describeAdapter(nvidia)).not.toMatch(/software/);
  });
});
