"""A real Argos Translate package, small enough to build in a test: a CTranslate2 Transformer
whose weights are set by hand so that it copies its input one character at a time, upper-cased
if asked, and a character-level SentencePiece model. It goes through the same
`install_from_path` and `translate()` as a downloaded English->Indonesian model, so the
pipeline is tested end to end with exact, predictable output and no network.

How the copy works: the encoder is a pass-through (every sub-layer's output projection is zero),
so source position p carries one-hot(token) + one-hot(p). In the decoder, step t's position
one-hot queries the source keys (which are the position dims) and finds source position t; the
values are the token dims, and the output projection maps each token to itself (or to its
upper-case piece). The source ends with </s>, so the copy ends there too.
"""

from __future__ import annotations

import io
import json
import string
import zipfile
from pathlib import Path

import numpy as np

MAX_POSITIONS = 256  # characters per sentence the model can copy (the longest is ~200)
_ALPHABET = string.ascii_letters + string.digits + string.punctuation + " "


def _sentencepiece(workdir: Path) -> Path:
    import sentencepiece as spm

    lines = [_ALPHABET, *(_ALPHABET[i:] + _ALPHABET[:i] for i in range(1, 40))]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=model, model_type="char",
        vocab_size=len(set(_ALPHABET)) + 3, character_coverage=1.0,
        normalization_rule_name="identity", add_dummy_prefix=True,
        minloglevel=2)
    path = workdir / "sentencepiece.model"
    path.write_bytes(model.getvalue())
    return path


def _pieces(sp_path: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _ctranslate2_model(pieces: list[str], upper: bool, out_dir: Path) -> None:
    from ctranslate2.specs import transformer_spec

    vocab, positions = len(pieces), MAX_POSITIONS
    depth = vocab + positions
    spec = transformer_spec.TransformerSpec.from_config(1, 1, no_final_norm=True)
    spec.config.add_source_eos = True
    zeros = np.zeros
    ones = np.ones

    def norm(layer):
        layer.gamma, layer.beta = ones(depth, np.float32), zeros(depth, np.float32)

    def silent(layer, attention_linears):
        """A sub-layer whose output is zero, so the residual passes its input through."""
        norm(layer.layer_norm)
        for linear, rows in zip(layer.linear, attention_linears, strict=True):
            linear.weight, linear.bias = zeros((rows, depth), np.float32), zeros(
                rows, np.float32)

    def silent_ffn(ffn):
        norm(ffn.layer_norm)
        ffn.linear_0.weight, ffn.linear_0.bias = zeros((1, depth), np.float32), zeros(
            1, np.float32)
        ffn.linear_1.weight, ffn.linear_1.bias = zeros((depth, 1), np.float32), zeros(
            depth, np.float32)

    token_dims = np.eye(depth, dtype=np.float32)[:vocab]            # vocab x depth
    position_dims = np.eye(depth, dtype=np.float32)[vocab:]         # positions x depth

    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = token_dims.copy()
    encoder.position_encodings.encodings = position_dims.copy()
    silent(encoder.layer[0].self_attention, (3 * depth, depth))
    silent_ffn(encoder.layer[0].ffn)

    decoder.embeddings.weight = zeros((vocab, depth), np.float32)
    decoder.position_encodings.encodings = position_dims.copy()
    layer = decoder.layer[0]
    silent(layer.self_attention, (3 * depth, depth))
    silent_ffn(layer.ffn)
    cross = layer.attention
    norm(cross.layer_norm)
    select_positions = np.zeros((depth, depth), np.float32)
    select_positions[vocab:, vocab:] = np.eye(positions, dtype=np.float32)
    select_tokens = np.zeros((depth, depth), np.float32)
    select_tokens[:vocab, :vocab] = np.eye(vocab, dtype=np.float32)
    cross.linear[0].weight = 50.0 * select_positions                # queries: my position
    cross.linear[0].bias = zeros(depth, np.float32)
    cross.linear[1].weight = np.concatenate([select_positions, select_tokens])  # keys, values
    cross.linear[1].bias = zeros(2 * depth, np.float32)
    cross.linear[2].weight = np.eye(depth, dtype=np.float32)
    cross.linear[2].bias = zeros(depth, np.float32)

    index = {piece: i for i, piece in enumerate(pieces)}
    projection = np.zeros((vocab, depth), np.float32)
    for i, piece in enumerate(pieces):
        target = index.get(piece.upper(), i) if upper else i
        projection[target, i] = 10.0
    decoder.projection.weight = projection
    decoder.projection.bias = zeros(vocab, np.float32)

    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.save(str(out_dir))


def build_package(workdir: Path, from_code: str = "en", to_code: str = "xx",
                  upper: bool = True) -> Path:
    """Write `<from>_<to>.argosmodel` into `workdir` and return its path."""
    name = f"translate-{from_code}_{to_code}-tiny"
    root = workdir / name
    (root / "model").mkdir(parents=True, exist_ok=True)
    sp_path = _sentencepiece(root)
    _ctranslate2_model(_pieces(sp_path), upper, root / "model")
    (root / "metadata.json").write_text(json.dumps({
        "package_version": "0.1", "argos_version": "1.11.0",
        "from_code": from_code, "from_name": from_code, "to_code": to_code,
        "to_name": to_code, "package_type": "translate",
        "code": f"translate-{from_code}_{to_code}",
    }))
    archive = workdir / f"{from_code}_{to_code}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(root.rglob("*")):
            if file.is_file():
                bundle.write(file, file.relative_to(workdir))
    return archive
