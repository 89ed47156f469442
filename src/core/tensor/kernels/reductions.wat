;; Two reductions over the rows of row-major float32 matrices in this module's memory, which the WASM
;; backend's own kernels run slowly. Built into reductionsWasm.ts by `npm run build:kernels`.
;;
;; accumulate: out (M × N) += xᵀ · dy, for x (K × M) and dy (K × N); M a multiple of 4, N of 8 (the
;; caller pads). Why by hand: this is the weight gradient of every dense layer, a product whose shared dimension is
;; the number of rows (batch × genes: 160,000 on a 5,000-gene screen). The WASM backend's fast path
;; (XNNPACK) repacks its second operand on every call, 25 ns per value, and its other path is a scalar
;; loop; here each 4 × 8 block of the output accumulates in eight SIMD registers over the rows.
(module
  (memory (export "memory") 1)
  (func (export "accumulate")
    (param $x i32) (param $dy i32) (param $out i32) (param $K i32) (param $M i32) (param $N i32)
    (local $i i32) (local $j i32) (local $n i32)
    (local $xp i32) (local $dp i32) (local $op i32) (local $xs i32) (local $ds i32) (local $os i32)
    (local $xv v128) (local $d0 v128) (local $d1 v128) (local $s v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    ;; row strides in bytes
    (local.set $xs (i32.shl (local.get $M) (i32.const 2)))
    (local.set $ds (i32.shl (local.get $N) (i32.const 2)))
    (local.set $os (i32.shl (local.get $N) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $doneI
      (loop $loopI
        (br_if $doneI (i32.ge_u (local.get $i) (local.get $M)))
        (local.set $j (i32.const 0))
        (block $doneJ
          (loop $loopJ
            (br_if $doneJ (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $a00 (v128.const i32x4 0 0 0 0))
            (local.set $a01 (v128.const i32x4 0 0 0 0))
            (local.set $a10 (v128.const i32x4 0 0 0 0))
            (local.set $a11 (v128.const i32x4 0 0 0 0))
            (local.set $a20 (v128.const i32x4 0 0 0 0))
            (local.set $a21 (v128.const i32x4 0 0 0 0))
            (local.set $a30 (v128.const i32x4 0 0 0 0))
            (local.set $a31 (v128.const i32x4 0 0 0 0))
            (local.set $xp (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $dp (i32.add (local.get $dy) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $n (local.get $K))
            (block $doneN
              (loop $loopN
                (br_if $doneN (i32.eqz (local.get $n)))
                (local.set $xv (v128.load (local.get $xp)))
                (local.set $d0 (v128.load (local.get $dp)))
                (local.set $d1 (v128.load offset=16 (local.get $dp)))
                (local.set $s (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $xv) (local.get $xv)))
                (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $s (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $xv) (local.get $xv)))
                (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $s (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $xv) (local.get $xv)))
                (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $s (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $xv) (local.get $xv)))
                (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $d0))))
                (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $d1))))
                (local.set $xp (i32.add (local.get $xp) (local.get $xs)))
                (local.set $dp (i32.add (local.get $dp) (local.get $ds)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $loopN)))
            ;; out[i + r, j .. j + 8] += a_r
            (local.set $op (i32.add (local.get $out)
              (i32.add (i32.mul (local.get $i) (local.get $os)) (i32.shl (local.get $j) (i32.const 2)))))
            (v128.store (local.get $op) (f32x4.add (v128.load (local.get $op)) (local.get $a00)))
            (v128.store offset=16 (local.get $op) (f32x4.add (v128.load offset=16 (local.get $op)) (local.get $a01)))
            (local.set $op (i32.add (local.get $op) (local.get $os)))
            (v128.store (local.get $op) (f32x4.add (v128.load (local.get $op)) (local.get $a10)))
            (v128.store offset=16 (local.get $op) (f32x4.add (v128.load offset=16 (local.get $op)) (local.get $a11)))
            (local.set $op (i32.add (local.get $op) (local.get $os)))
            (v128.store (local.get $op) (f32x4.add (v128.load (local.get $op)) (local.get $a20)))
            (v128.store offset=16 (local.get $op) (f32x4.add (v128.load offset=16 (local.get $op)) (local.get $a21)))
            (local.set $op (i32.add (local.get $op) (local.get $os)))
            (v128.store (local.get $op) (f32x4.add (v128.load (local.get $op)) (local.get $a30)))
            (v128.store offset=16 (local.get $op) (f32x4.add (v128.load offset=16 (local.get $op)) (local.get $a31)))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $loopJ)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loopI))))

  ;; columnSums: out (N) += the sum of the K rows of x (K × N); N a multiple of 4. The backend sums
  ;; over a leading axis by transposing first: 34 ms for 160,000 × 64, where this streams once.
  (func (export "columnSums") (param $x i32) (param $out i32) (param $K i32) (param $N i32)
    (local $j i32) (local $xp i32) (local $op i32) (local $end i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $N) (i32.const 2)))
    (local.set $end (i32.add (local.get $x) (i32.mul (local.get $K) (local.get $stride))))
    (local.set $xp (local.get $x))
    (block $doneK
      (loop $loopK
        (br_if $doneK (i32.ge_u (local.get $xp) (local.get $end)))
        (local.set $op (local.get $out))
        (local.set $j (i32.const 0))
        (block $doneJ
          (loop $loopJ
            (br_if $doneJ (i32.ge_u (local.get $j) (local.get $stride)))
            (v128.store (local.get $op)
              (f32x4.add (v128.load (local.get $op)) (v128.load (i32.add (local.get $xp) (local.get $j)))))
            (local.set $op (i32.add (local.get $op) (i32.const 16)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $loopJ)))
        (local.set $xp (i32.add (local.get $xp) (local.get $stride)))
        (br $loopK)))))
