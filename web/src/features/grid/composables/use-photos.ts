import { onBeforeUnmount, ref } from 'vue';
import { MAX_ATTACHMENT_BYTES } from '@fengqiao/contracts/attachments/schemas.ts';

export interface Photo {
  blob: Blob;
  name: string;
  url: string;
}

const MAX_EDGE = 1600;
const QUALITY = 0.82;
export const MAX_PHOTOS = 3;

function stamp(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * A camera photo made small enough for a village's mobile data: the longer edge at most 1600 px,
 * re-encoded as JPEG (which also drops the EXIF block with its GPS tags and device details).
 */
export async function compressImage(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const w = Math.max(1, Math.round(bitmap.width * scale));
    const h = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    if (g === null) {
      throw new Error('no 2d context');
    }
    // JPEG has no transparency: a white ground instead of black for PNG screenshots
    g.fillStyle = '#fff';
    g.fillRect(0, 0, w, h);
    g.drawImage(bitmap, 0, 0, w, h);
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob(
        (b) => {
          if (b === null) {
            reject(new Error('encode failed'));
          } else {
            resolve(b);
          }
        },
        'image/jpeg',
        QUALITY,
      );
    });
  } finally {
    bitmap.close();
  }
}

const DIRECT = ['image/jpeg', 'image/png', 'image/webp'];

/** Up to three photos with previews; each is compressed as it is taken. */
export function usePhotos() {
  const photos = ref<Photo[]>([]);
  const busy = ref(false);
  const error = ref('');

  async function add(files: FileList | File[]): Promise<void> {
    error.value = '';
    busy.value = true;
    try {
      for (const file of Array.from(files)) {
        if (photos.value.length >= MAX_PHOTOS) {
          error.value = `最多 ${MAX_PHOTOS} 张照片`;
          break;
        }
        let blob: Blob;
        try {
          blob = await compressImage(file);
        } catch {
          // a format the browser cannot draw is sent as it is, when the server accepts it
          if (!DIRECT.includes(file.type)) {
            error.value = '无法读取该图片，请改用相机拍照或选择 JPG/PNG 图片';
            continue;
          }
          blob = file;
        }
        if (blob.size > MAX_ATTACHMENT_BYTES) {
          error.value = '图片超过 10 MB，请重新拍摄';
          continue;
        }
        const ext = blob.type === 'image/png' ? 'png' : blob.type === 'image/webp' ? 'webp' : 'jpg';
        const name = `现场照片-${stamp()}-${photos.value.length + 1}.${ext}`;
        photos.value.push({ blob, name, url: URL.createObjectURL(blob) });
      }
    } finally {
      busy.value = false;
    }
  }

  function remove(i: number): void {
    const [p] = photos.value.splice(i, 1);
    if (p !== undefined) {
      URL.revokeObjectURL(p.url);
    }
  }

  function clear(): void {
    for (const p of photos.value) {
      URL.revokeObjectURL(p.url);
    }
    photos.value = [];
    error.value = '';
  }

  /** Puts photos back (a refused report opened for correction). */
  function restore(list: { blob: Blob; name: string }[]): void {
    clear();
    for (const p of list) {
      photos.value.push({ ...p, url: URL.createObjectURL(p.blob) });
    }
  }

  onBeforeUnmount(clear);
  return { photos, busy, error, add, remove, clear, restore };
}
