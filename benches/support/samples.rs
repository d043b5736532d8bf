// Shared by benches/mpm.rs and benches/peers/peers.rs: the payloads both measure.

/// (a) A 154-character Pix BR Code (peers.md §4), ASCII only.
pub(crate) const PIX: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406123.455802BR5913FULANO DE TAL6008BRASILIA62140510RP123456786304F591";

/// (b) The EMVCo MPM specification's Annex B.7 example: Chinese in template 64, lengths in
/// characters.
pub(crate) const EMVCO_B7: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

/// The bytes the CRC covers: everything up to and including `6304`.
pub(crate) fn crc_span(s: &str) -> &[u8] {
    &s.as_bytes()[..s.len() - 4]
}
